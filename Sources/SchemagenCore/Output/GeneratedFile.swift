import Foundation

/// One file of output: its path inside the output directory and its exact bytes.
public struct GeneratedFile: Sendable, Hashable {
    /// Relative to the output directory, with `/` separators (`postgres/schema.sql`).
    public var path: String

    /// The file's text. A file made from its UTF-8 bytes (`init(path:utf8:)`) decodes them on
    /// every read of this property; the writer, the comparison with the disk and the hashes read
    /// them as they are (`withBytes`).
    public var contents: String {
        get {
            switch storage {
            case .text(let text): text
            case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
            case .pieces: String(decoding: bytes, as: UTF8.self)
            }
        }
        set { storage = .text(newValue) }
    }

    /// Text, or bytes that are valid UTF-8: a migration's snapshot of 5 MB (at 1,000 tables), or
    /// its Swift file of 7 MB, is written from the bytes it was encoded into, not validated and
    /// copied into a `String` first.
    private var storage: Storage

    private enum Storage: Sendable {
        case text(String)
        case utf8([UInt8])
        /// The file is these files' bytes in order, joined only when something asks for them
        /// whole (`init(path:pieces:)`).
        case pieces([GeneratedFile])
    }

    public init(path: String, contents: String) {
        self.path = path
        self.storage = .text(contents)
    }

    /// A file whose bytes are `bytes`, which must be valid UTF-8 (as every encoder of schemagen
    /// writes them), so that `contents` is their text and nothing else.
    init(path: String, utf8 bytes: [UInt8]) {
        // Checked in debug builds (every test): a caller that broke the promise would write other
        // bytes than `contents` says.
        assert(String(validating: bytes, as: UTF8.self) != nil, "\(path) is not UTF-8")
        self.path = path
        self.storage = .utf8(bytes)
    }

    /// The file whose bytes are `pieces` in order, each valid UTF-8 (a migration's Swift file:
    /// its scripts and the lines around them, or the file read back from the disk where it was
    /// found up to date), joined as bytes.
    init(path: String, joining pieces: [[UInt8]]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { bytes += piece }
        self.init(path: path, utf8: bytes)
    }

    /// The file whose bytes are those of `pieces` in order, not joined: the writer writes them
    /// one after another (`forEachPiece`), and only what needs the bytes whole (`withBytes`,
    /// `contents`) joins them, each time it asks. For a file that spans a renderer's parts and
    /// is written once: after one table changed at 1,000 tables, joining `SCHEMA.md` and both
    /// `schema.sql` copied 7 MB into fresh memory on the main thread, at the end of the run.
    init(path: String, pieces: [GeneratedFile]) {
        self.path = path
        self.storage = pieces.count == 1 ? pieces[0].storage : .pieces(pieces)
    }

    /// Calls `body` with each piece's bytes in order (the whole file, for one not made of
    /// pieces), without a copy, until it returns false; false when it did.
    func forEachPiece(_ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard case .pieces(let pieces) = storage else { return withBytes(body) }
        return pieces.allSatisfy { $0.forEachPiece(body) }
    }

    /// The file whose bytes are those of `pieces` in order (a file that spans a renderer's
    /// parts), joined as bytes; one piece is the file as it is.
    init(path: String, joining pieces: [GeneratedFile]) {
        if pieces.count == 1 {
            self = pieces[0]
            self.path = path
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.byteCount })
        for piece in pieces { piece.withBytes { bytes += $0 } }
        self.init(path: path, utf8: bytes)
    }

    /// Calls `body` with the file's bytes, without a copy of them.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch storage {
        case .utf8(let bytes):
            return try bytes.withUnsafeBytes(body)
        case .text(var text):
            return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case .pieces:
            return try bytes.withUnsafeBytes(body)
        }
    }

    /// How many bytes the file holds.
    var byteCount: Int {
        switch storage {
        case .utf8(let bytes): bytes.count
        case .text(let text): text.utf8.count
        case .pieces(let pieces): pieces.reduce(0) { $0 + $1.byteCount }
        }
    }

    /// The file's bytes: the array it was made from, or a copy of its text's UTF-8, or of its
    /// pieces' bytes joined.
    var bytes: [UInt8] {
        switch storage {
        case .utf8(let bytes): bytes
        case .text(let text): Array(text.utf8)
        case .pieces: joinedPieces
        }
    }

    /// The bytes of a file of pieces, joined (a copy).
    private var joinedPieces: [UInt8] {
        var joined: [UInt8] = []
        joined.reserveCapacity(byteCount)
        _ = forEachPiece { piece in
            joined += piece
            return true
        }
        return joined
    }

    /// Equal as they were when every file was text: the same path and the same text (`String`'s
    /// equality), whichever way each holds it.
    public static func == (lhs: GeneratedFile, rhs: GeneratedFile) -> Bool {
        lhs.path == rhs.path && lhs.contents == rhs.contents
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(contents)
    }

    /// Every file schemagen writes carries this marker in its first lines; the writer removes only
    /// files that carry it, so nothing a user put in the output directory is touched.
    public static let marker = "Generated by schemagen"
}
