/// Text assembled as UTF-8 bytes, for the renderers' large outputs (`SCHEMA.md`, a model file):
/// appending a string's bytes to an array is a copy, where appending to a `String` re-checks its
/// storage and encoding at every one of the hundreds of thousands of small pieces. The bytes come
/// only from `String`s, so they are valid UTF-8 and `text` gives back exactly those strings joined.
struct TextBuffer {
    private var bytes: [UInt8] = []

    init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    static func += (buffer: inout TextBuffer, text: String) {
        buffer.bytes.append(contentsOf: text.utf8)
    }

    static func += (buffer: inout TextBuffer, text: Substring) {
        buffer.bytes.append(contentsOf: text.utf8)
    }

    var isEmpty: Bool { bytes.isEmpty }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

extension String {
    /// True when the string's UTF-8 holds `byte`, searched in its contiguous bytes: `utf8.contains`,
    /// and a loop over `utf8`, cost about 27 instructions a byte (a model file is kilobytes).
    func containsUTF8(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { $0.contains(byte) }
    }
}
