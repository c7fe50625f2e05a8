import Crypto
import Foundation

/// `migrations/schemagen.sum`: one line per migration file, in migration order, each with a hash of
/// the file *and of the line before it*. Editing a file changes its line and every later one, and
/// two branches that each add a migration both append to the end of the file, so git reports a
/// conflict instead of merging two histories silently. Files are hashed with LF line endings, so a
/// checkout that converts them still verifies.
public struct IntegrityFile: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// Relative to the output directory.
        public var path: String
        public var hash: String
    }

    public var entries: [Entry]

    static let header = "# \(GeneratedFile.marker). Do not edit: each hash covers its file and every line above."

    /// The chain over `files`, in the order given.
    ///
    /// `proven`: lines already proven to hash the first of these very files, in this order (the
    /// committed migrations, which `IntegrityVerifier` has just hashed): taken as they are while
    /// their paths match, instead of hashing megabytes a second time. The first file whose path
    /// differs, and every one after it, is hashed.
    public init(files: [(path: String, bytes: [UInt8])], proven: [Entry] = []) {
        self.init(paths: files.map(\.path), proven: proven) { files[$0].bytes }
    }

    /// The chain over the files at `paths`, whose bytes `bytes(index)` gives only for the files
    /// that are hashed: the planner's files are text, and a copy of every one as bytes at once
    /// was as large as the whole history.
    init(paths: [String], proven: [Entry] = [], bytes: (Int) -> [UInt8]) {
        var previous = ""
        var reusing = true
        entries = paths.enumerated().map { index, path in
            reusing = reusing && index < proven.count && proven[index].path == path
            let hash = reusing ? proven[index].hash : Self.hash(bytes(index), after: previous)
            previous = hash
            return Entry(path: path, hash: hash)
        }
    }

    /// One line's hash: the line before it (its hash text, empty for the first) and the file.
    ///
    /// A CR LF counts as its LF: the stretches between such CRs are hashed where they lie, without
    /// a copy of the file (the committed history is megabytes, hashed on every run), and the CRs
    /// are found with `memchr`, a few bytes an instruction.
    static func hash(_ bytes: [UInt8], after previous: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var start = 0
            var from = 0
            while from < raw.count, let found = memchr(base + from, 13, raw.count - from) {
                let index = base.distance(to: UnsafeRawPointer(found))
                from = index + 1
                guard from < raw.count, raw[from] == 10 else { continue }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<index]))
                start = from
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
        return "sha256:" + Data(hasher.finalize()).base64EncodedString()
    }

    /// `hash(_:after:)` of a file read in blocks of `blockSize` (`DeferredFile`): a CR at the end
    /// of a block waits for the first byte of the next. `nil` when the file cannot be read.
    static func hash(_ file: DeferredFile, after previous: String) -> String? {
        var hasher = LineFeedHasher(after: previous)
        guard file.forEachBlock({ hasher.update($0) }) else { return nil }
        return hasher.finalize()
    }

    /// One file's own hash, the line of a chain of one: what `schemagen migrate` records as a
    /// migration's checksum in the database, so that it reads like the integrity file's hashes.
    public static func fileHash(_ bytes: [UInt8]) -> String {
        hash(bytes, after: "")
    }

    /// Each listed path's hash (the first line's, when a path is listed twice).
    var hashes: [String: String] {
        Dictionary(entries.map { ($0.path, $0.hash) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each listed path's line (the first, when a path is listed twice).
    var positions: [String: Int] {
        Dictionary(entries.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What the line at `index` hashes its file after: the line before it, nothing for the first.
    func previous(_ index: Int) -> String {
        index == 0 ? "" : entries[index - 1].hash
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    public var text: String {
        ([Self.header] + entries.map { "\($0.path) \($0.hash)" }).joined(separator: "\n") + "\n"
    }

    /// The entries of a sum file, or `nil` when a line is not `path sha256:…` (a git conflict's
    /// markers, a hand edit).
    public static func parse(_ text: String) -> IntegrityFile? {
        var entries: [Entry] = []
        // By any line end: in a `String`, a CR LF (a checkout with `core.autocrlf`) is one
        // `Character`, which a split on "\n" never finds.
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            if line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[1].hasPrefix("sha256:") else { return nil }
            entries.append(Entry(path: String(parts[0]), hash: String(parts[1])))
        }
        return IntegrityFile(entries: entries)
    }
}

/// `IntegrityFile.hash(_:after:)` over bytes given in blocks: a CR LF counts as its LF, also when
/// a block ends between the two.
struct LineFeedHasher {
    private var hasher = SHA256()
    /// The last block ended with a CR, not hashed yet.
    private var pendingReturn = false

    init(after previous: String) {
        hasher.update(data: Array(previous.utf8))
    }

    @discardableResult
    mutating func update(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard let base = raw.baseAddress, raw.count > 0 else { return true }
        if pendingReturn {
            pendingReturn = false
            if raw[0] != 10 { hasher.update(data: [13]) }
        }
        var end = raw.count
        if raw[end - 1] == 13 {
            pendingReturn = true
            end -= 1
        }
        var start = 0
        var from = 0
        while from < end, let found = memchr(base + from, 13, end - from) {
            let index = base.distance(to: UnsafeRawPointer(found))
            from = index + 1
            guard from < end, raw[from] == 10 else { continue }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<index]))
            start = from
        }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
        return true
    }

    mutating func finalize() -> String {
        if pendingReturn { hasher.update(data: [13]) }
        return "sha256:" + Data(hasher.finalize()).base64EncodedString()
    }
}
