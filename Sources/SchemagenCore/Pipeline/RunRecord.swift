import Crypto
import Foundation

/// What the last clean run of `check` or `generate` found, so that the next one with nothing to do
/// can skip the renderers and the migration history (docs/ci.md, "The up-to-date
/// record"): the key of everything the rendered output depends on, and every output with its size
/// and SHA-256 as the run rendered it (not as read back later: a file edited meanwhile must not be
/// recorded as right).
///
/// `inputs` is the part of the key the main thread computes before the history's job starts (the
/// binary, the options, the config, the schema files): when it differs, the job gives up at once.
/// `key` covers it and the rest (templates, other files under the schema directory, git's answer);
/// `history` is the migration history as the run read it (each file's path, size and SHA-256).
struct RunRecord: Sendable, Hashable {
    var inputs: String
    var key: String
    var history: String
    /// By path, sorted.
    var outputs: [String: FileDigest]

    /// A record of inputs alone, which answers no run: hashing every output costs a fifth of a
    /// run, so a run hashes them only when the run before saw the same `inputs` (the schema, the
    /// config, the binary, the options). A run whose inputs changed (an edit, then `generate`)
    /// leaves this; the next run with nothing to do hashes its outputs and leaves a whole record,
    /// which the one after uses. A fresh clone in CI pays nothing.
    ///
    /// `writtenIntegrityFile`: for a run that wrote the migration history, the SHA-256 of the
    /// `schemagen.sum` it wrote. The next run with the same inputs hashes its outputs only while
    /// the folder still holds that file: one that finds another (a checkout put the old history
    /// back, as a benchmark does between runs) writes the history again, and leaves a partial
    /// record again, so its hashes would be for nothing (13 ms after one change at 1,000 tables).
    static func partial(inputs: String, writtenIntegrityFile: String? = nil) -> RunRecord {
        RunRecord(inputs: inputs, key: partialKey, history: writtenIntegrityFile ?? "-", outputs: [:])
    }

    /// The key of a partial record, which no run's key is.
    static let partialKey = "-"

    /// True unless this is a partial record of a run that wrote the history (`partial`) and the
    /// output directory's `schemagen.sum` (at `integrityFile`) is no longer the one it wrote.
    func historyIsAsWritten(integrityFile: String) -> Bool {
        guard key == Self.partialKey, history != "-" else { return true }
        return FileDigest(atPath: integrityFile)?.sha256 == history
    }

    /// The first line of every record; a record of another format is no record.
    static let header = "schemagen run record 1"

    /// Lines of text: the header, the three hashes, one line per output (`size sha256 path`), and
    /// a last line with the count of outputs and the SHA-256 of everything before it, so that a
    /// truncated or edited record reads as none.
    var text: String? {
        var text = "\(Self.header)\ninputs \(inputs)\nkey \(key)\nhistory \(history)\n"
        for (path, digest) in outputs.sorted(by: { $0.key < $1.key }) {
            guard !path.contains("\n"), !path.isEmpty else { return nil }
            text += "\(digest.size) \(digest.sha256) \(path)\n"
        }
        return text + "end \(outputs.count) \(FileDigest(Array(text.utf8)).sha256)\n"
    }

    init(inputs: String, key: String, history: String, outputs: [String: FileDigest]) {
        self.inputs = inputs
        self.key = key
        self.history = history
        self.outputs = outputs
    }

    /// The record `text` wrote, or `nil` for anything else.
    init?(text bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasSuffix("\n") else { return nil }
        var lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 5, lines[0] == Self.header, let last = lines.popLast() else { return nil }
        let end = last.split(separator: " ")
        let body = lines.joined(separator: "\n") + "\n"
        guard end.count == 3, end[0] == "end", Int(end[1]) == lines.count - 4,
            end[2] == FileDigest(Array(body.utf8)).sha256
        else { return nil }
        func value(_ line: Substring, _ name: String) -> String? {
            guard line.hasPrefix(name + " ") else { return nil }
            return String(line.dropFirst(name.count + 1))
        }
        guard let inputs = value(lines[1], "inputs"), let key = value(lines[2], "key"),
            let history = value(lines[3], "history")
        else { return nil }
        var outputs: [String: FileDigest] = [:]
        for line in lines.dropFirst(4) {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let size = Int(parts[0]), parts[1].count == 64 else { return nil }
            outputs[String(parts[2])] = FileDigest(size: size, sha256: String(parts[1]))
        }
        self.init(inputs: inputs, key: key, history: history, outputs: outputs)
    }
}

/// A file's size and SHA-256 (lowercase hex).
struct FileDigest: Sendable, Hashable {
    var size: Int
    var sha256: String

    init(size: Int, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }

    init(_ bytes: some ContiguousBytes) {
        var size = 0
        let digest = bytes.withUnsafeBytes { buffer in
            size = buffer.count
            return SHA256.hash(data: buffer)
        }
        self.init(size: size, sha256: hex(digest))
    }

    /// A text's UTF-8 bytes, hashed in place.
    init(text: String) {
        var text = text
        self = text.withUTF8 { FileDigest(UnsafeRawBufferPointer($0)) }
    }

    /// A file's bytes, hashed in place (piece by piece, for a file of pieces).
    init(_ file: GeneratedFile) {
        var hasher = SHA256()
        _ = file.forEachPiece { piece in
            hasher.update(bufferPointer: piece)
            return true
        }
        self.init(size: file.byteCount, sha256: hex(hasher.finalize()))
    }

    /// A file that is `pieces` joined, hashed piece by piece.
    init(pieces: [[UInt8]]) {
        var hasher = SHA256()
        for piece in pieces { hasher.update(data: piece) }
        self.init(size: pieces.reduce(0) { $0 + $1.count }, sha256: hex(hasher.finalize()))
    }

    /// The file at `path`, read and hashed a block at a time (a 10,000-table history holds files
    /// of 30 and 90 MB, hashed on both cores); `nil` when it cannot be read.
    init?(atPath path: String) {
        guard let file = OpenFile(path: path) else { return nil }
        self.init(blocksOf: file.forEachBlock, size: file.identity.size)
    }

    /// An open file, hashed a block at a time from its descriptor; `nil` when it cannot be read,
    /// or is no longer what `path` names, unchanged, once hashed.
    init?(file: OpenFile, at path: String) {
        self.init(blocksOf: file.forEachBlock, size: file.identity.size)
        guard file.isUnchanged(at: path) else { return nil }
    }

    /// A history file the run did not read whole (`DeferredFile`), hashed a block at a time.
    init?(deferred file: DeferredFile) {
        self.init(blocksOf: file.forEachBlock, size: file.size)
    }

    private init?(blocksOf forEachBlock: ((UnsafeRawBufferPointer) -> Bool) -> Bool, size: Int) {
        var hasher = SHA256()
        guard
            forEachBlock({ block in
                hasher.update(bufferPointer: block)
                return true
            })
        else { return nil }
        self.init(size: size, sha256: hex(hasher.finalize()))
    }
}

/// A SHA-256 over labelled parts, each with its length, so that no two lists of parts give the same
/// stream of bytes.
struct KeyHasher {
    private var hasher = SHA256()

    mutating func add(_ label: String, _ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { buffer in
            hasher.update(data: Array(label.utf8) + [0])
            var count = UInt64(buffer.count).littleEndian
            withUnsafeBytes(of: &count) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: buffer)
        }
    }

    mutating func add(_ label: String, _ text: String) {
        add(label, Array(text.utf8))
    }

    var value: String { hex(hasher.finalize()) }
}

private func hex(_ digest: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    for byte in digest {
        bytes.append(digits[Int(byte >> 4)])
        bytes.append(digits[Int(byte & 15)])
    }
    return String(decoding: bytes, as: UTF8.self)
}
