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

    static func += (buffer: inout TextBuffer, text: String) {
        buffer.bytes.append(contentsOf: text.utf8)
    }

    static func += (buffer: inout TextBuffer, text: Substring) {
        buffer.bytes.append(contentsOf: text.utf8)
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
        return text.withUTF8 { $0.contains(byte) }
    }
}
