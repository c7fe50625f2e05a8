import Foundation

/// Text assembled as UTF-8 bytes, for the renderers' large outputs (`SCHEMA.md`, a model file):
/// appending a string's bytes to an array is a copy, where appending to a `String` re-checks its
/// storage and encoding at every one of the hundreds of thousands of small pieces. The bytes come
/// only from `String`s, so they are valid UTF-8 and `text` gives back exactly those strings joined.
struct TextBuffer {
    private var bytes: [UInt8] = []

    /// `capacity`: about the size of the text, so that the buffer is not copied as it grows (each
    /// doubling is a copy into fresh pages).
    init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends the string's bytes from its contiguous storage (a native or small string: all of
    /// ours), one copy; `append(contentsOf: text.utf8)` went through the generic sequence path, about
    /// 200 instructions for a piece of a few bytes.
    @inline(__always)
    static func += (buffer: inout TextBuffer, text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { buffer.bytes.append(contentsOf: $0) }
        if done == nil { buffer.bytes.append(contentsOf: text.utf8) }
    }

    @inline(__always)
    static func += (buffer: inout TextBuffer, text: Substring) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { buffer.bytes.append(contentsOf: $0) }
        if done == nil { buffer.bytes.append(contentsOf: text.utf8) }
    }

    /// Appends bytes taken from a string (a slice of its UTF-8 that ends on a character boundary).
    mutating func append(utf8 slice: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: slice)
    }

    /// Appends the decimal digits of `number`, as `String(number)` spells it.
    mutating func append(decimal number: Int) {
        if number >= 0 && number < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(number))
        } else {
            self += String(number)
        }
    }

    /// Adds one ASCII byte (`\n`, `|`): no string to look into.
    mutating func append(ascii byte: UInt8) {
        bytes.append(byte)
    }

    var isEmpty: Bool { bytes.isEmpty }

    /// The size of the text so far, in bytes.
    var count: Int { bytes.count }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text with `suffix` after it, made in one copy (`text + suffix` would copy the text twice).
    func text(appending suffix: String) -> String {
        var suffix = suffix
        return suffix.withUTF8 { tail in
            bytes.withUnsafeBufferPointer { head in
                String(unsafeUninitializedCapacity: head.count + tail.count) { out in
                    if head.count > 0 { out.baseAddress!.initialize(from: head.baseAddress!, count: head.count) }
                    if tail.count > 0, let base = tail.baseAddress {
                        (out.baseAddress! + head.count).initialize(from: base, count: tail.count)
                    }
                    return head.count + tail.count
                }
            }
        }
    }
}

extension String {
    /// True when the string's UTF-8 holds `byte`, searched in its contiguous bytes: `utf8.contains`,
    /// and a loop over `utf8`, cost about 27 instructions a byte (a model file is kilobytes).
    func containsUTF8(_ byte: UInt8) -> Bool {
        var text = self
        // memchr: a generic `contains` on the buffer is still a few instructions a byte.
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }
}
