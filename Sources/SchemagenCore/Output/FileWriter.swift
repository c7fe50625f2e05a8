import Foundation

/// Brings the output directory in line with a set of generated files, touching only what changed.
///
/// A file is written only when its bytes differ, through a temporary file and a rename, so a reader
/// never sees half a file. A file that no longer belongs is removed only when schemagen owns it: it
/// lies in the folder of a target this run answers for (`postgres/`, `sqlite/`, `swift/`: all of
/// them, or those of `--target`) and its first line is schemagen's header. Anything else in the
/// directory is left alone.
public struct FileWriter: Sendable {
    public enum Change: Sendable, Hashable, CustomStringConvertible {
        /// The file does not exist yet.
        case missing(String)
        /// The file exists with other bytes.
        case stale(String)
        /// schemagen wrote the file once, and it no longer belongs.
        case extra(String)

        /// The path as shown to the user: the display prefix and the file's path.
        public var path: String {
            switch self {
            case .missing(let path), .stale(let path), .extra(let path): path
            }
        }

        public var description: String {
            switch self {
            case .missing(let path): "missing: \(path)"
            case .stale(let path): "stale: \(path)"
            case .extra(let path): "extra: \(path)"
            }
        }
    }

    /// The output directory.
    public var directory: URL
    /// How paths are shown to the user (`Generated`), joined with each file's path.
    public var displayPrefix: String
    /// The folders inside `directory` that this run generates; only there are old files removed.
    public var ownedFolders: [String]

    public init(directory: URL, displayPrefix: String, ownedFolders: [String]) {
        self.directory = directory
        self.displayPrefix = displayPrefix
        self.ownedFolders = ownedFolders
    }

    /// What `write` would do, without writing: the heart of `schemagen check`.
    public func changes(for files: [GeneratedFile]) -> [Change] {
        plan(for: files).map(\.change)
    }

    /// Writes what changed and removes what no longer belongs; returns what it did.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws(Diagnostic) -> [Change] {
        let steps = plan(for: files)
        let duplicates = Dictionary(grouping: files, by: \.path).filter { $0.value.count > 1 }.keys.sorted()
        if let path = duplicates.first {
            throw .error("two generated files would both be '\(display(path))'", rule: FormatRule.io, at: nil)
        }
        for step in steps {
            if let file = step.file {
                try replace(file)
            } else {
                do {
                    try FileManager.default.removeItem(at: directory.appendingPathComponent(step.relativePath))
                } catch {
                    throw .error(
                        "cannot remove '\(step.change.path)': \(error.localizedDescription)", rule: FormatRule.io,
                        at: nil)
                }
            }
        }
        return steps.map(\.change)
    }

    private struct Step {
        var change: Change
        var relativePath: String
        /// The file to write; `nil` for a removal.
        var file: GeneratedFile?
    }

    private func plan(for files: [GeneratedFile]) -> [Step] {
        var steps: [Step] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            let url = directory.appendingPathComponent(file.path)
            guard let existing = FileManager.default.contents(atPath: url.path) else {
                steps.append(Step(change: .missing(display(file.path)), relativePath: file.path, file: file))
                continue
            }
            if existing != Data(file.contents.utf8) {
                steps.append(Step(change: .stale(display(file.path)), relativePath: file.path, file: file))
            }
        }
        let planned = Set(files.map(\.path))
        for path in previouslyGenerated() where !planned.contains(path) {
            steps.append(Step(change: .extra(display(path)), relativePath: path, file: nil))
        }
        return steps
    }

    private func replace(_ file: GeneratedFile) throws(Diagnostic) {
        let url = directory.appendingPathComponent(file.path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).schemagen-\(getpid()).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw Diagnostic.error("cannot write '\(display(file.path))': \(reason)", rule: FormatRule.io, at: nil)
            }
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .error(
                "cannot write '\(display(file.path))': \(error.localizedDescription)", rule: FormatRule.io, at: nil)
        }
    }

    /// Paths (relative to the directory) of the files schemagen owns in the folders it generates.
    func previouslyGenerated() -> [String] {
        var paths: [String] = []
        for folder in ownedFolders {
            let base = directory.appendingPathComponent(folder, isDirectory: true)
            guard
                let enumerator = FileManager.default.enumerator(
                    at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            else { continue }
            let basePath = base.standardizedFileURL.path
            while let url = enumerator.nextObject() as? URL {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                    Self.startsWithHeader(url)
                else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(basePath.count).drop { $0 == "/" }
                paths.append(folder + "/" + relative)
            }
        }
        return paths.sorted()
    }

    /// True when the file's first line is schemagen's header (`-- Generated by schemagen…` in SQL,
    /// `// Generated by schemagen…` in Swift). A mention of the marker further down, in a README
    /// say, does not make a file schemagen's.
    static func startsWithHeader(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 256)) ?? Data(), as: UTF8.self)
        let firstLine = head.prefix { $0 != "\n" }
        return ["-- ", "// "].contains { firstLine.hasPrefix($0 + GeneratedFile.marker) }
    }

    func display(_ path: String) -> String {
        displayPrefix.isEmpty ? path : "\(displayPrefix)/\(path)"
    }
}
