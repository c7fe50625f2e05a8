import Foundation

/// Text assembled as UTF-8 bytes, for the renderers' large outputs (`SCHEMA.md`, a model file) and
/// the migration snapshot's writer: appending a string's bytes to a buffer is a copy, where
/// appending to a `String` re-checks its storage and encoding at every one of the hundreds of
/// thousands of small pieces. The bytes come from `String`s, or are whole characters of UTF-8
/// (`append(_:)` of bytes, which the snapshot's writer cuts at ASCII bytes only), so they are
/// valid UTF-8 and `text` gives back exactly those pieces joined.
///
/// The bytes live in storage of its own, copied on write like an array's: `Array.append(contentsOf:)`
/// cost about 100 instructions for a piece of a few bytes (its generic checks), where a piece here is
/// a capacity check and a copy.
struct TextBuffer {
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    /// The size of the text so far, in bytes.
    private(set) var count = 0

    /// `capacity`: about the size of the text, so that the buffer is not copied as it grows (each
    /// doubling is a copy into fresh pages).
    init(capacity: Int = 1_024) {
        storage = Storage(capacity: capacity)
    }

    /// Room for `extra` more bytes in storage of this buffer's own (a copy of the buffer shares its
    /// storage until one of them writes).
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if _slowPath(count + extra > storage.capacity || !isKnownUniquelyReferenced(&storage)) {
            grow(to: count + extra)
        }
    }

    private mutating func grow(to needed: Int) {
        let fresh = Storage(capacity: max(needed, storage.capacity * 2))
        fresh.base.initialize(from: storage.base, count: count)
        storage = fresh
    }

    /// Appends `size` bytes from `start`.
    @inline(__always)
    private mutating func append(_ start: UnsafePointer<UInt8>, _ size: Int) {
        reserve(size)
        (storage.base + count).initialize(from: start, count: size)
        count += size
    }

    /// Appends the string's bytes from its contiguous storage (a native or small string: all of ours).
    @inline(__always)
    static func += (buffer: inout TextBuffer, text: String) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            if let base = bytes.baseAddress { buffer.append(base, bytes.count) }
        }
        if done == nil { buffer.append(bytes: Array(text.utf8)) }
    }

    @inline(__always)
    static func += (buffer: inout TextBuffer, text: Substring) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            if let base = bytes.baseAddress { buffer.append(base, bytes.count) }
        }
        if done == nil { buffer.append(bytes: Array(text.utf8)) }
    }

    /// Appends `bytes`, which are whole characters of UTF-8 (a string's, or a part of one cut at
    /// ASCII bytes, as the snapshot's writer cuts them).
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let base = bytes.baseAddress { append(base, bytes.count) }
    }

    /// Appends the bytes of a `StaticString` (ASCII, in the snapshot's writer).
    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(text.utf8Start, text.utf8CodeUnitCount)
    }

    /// Drops the bytes, keeping the room they took.
    mutating func removeAll() {
        count = 0
    }

    /// Calls `body` with the bytes so far.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Bytes taken from a string (whole characters of it).
    private mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Adds one ASCII byte (`\n`, `|`): no string to look into.
    @inline(__always)
    mutating func append(ascii byte: UInt8) {
        reserve(1)
        storage.base[count] = byte
        count += 1
    }

    /// Appends the decimal digits of `number`, as `String(number)` spells it.
    mutating func append(decimal number: Int) {
        if number >= 0 && number < 10 {
            append(ascii: UInt8(ascii: "0") + UInt8(number))
        } else {
            self += String(number)
        }
    }

    var isEmpty: Bool { count == 0 }

    var text: String { String(decoding: UnsafeBufferPointer(start: storage.base, count: count), as: UTF8.self) }

    /// The bytes, with `suffix`'s after them, as the file `path` (valid UTF-8, as they come from
    /// strings): copied once, where a `String` of them would validate them first.
    func file(_ path: String, appending suffix: String = "") -> GeneratedFile {
        var suffix = suffix
        let head = UnsafeBufferPointer(start: storage.base, count: count)
        let bytes = suffix.withUTF8 { tail in
            [UInt8](unsafeUninitializedCapacity: head.count + tail.count) { out, initialized in
                if head.count > 0 { out.baseAddress!.initialize(from: head.baseAddress!, count: head.count) }
                if tail.count > 0, let base = tail.baseAddress {
                    (out.baseAddress! + head.count).initialize(from: base, count: tail.count)
                }
                initialized = head.count + tail.count
            }
        }
        return GeneratedFile(path: path, utf8: bytes)
    }

    /// The text with `suffix` after it, made in one copy (`text + suffix` would copy the text twice).
    func text(appending suffix: String) -> String {
        var suffix = suffix
        let head = UnsafeBufferPointer(start: storage.base, count: count)
        return suffix.withUTF8 { tail in
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
