import Foundation

/// Brings the output directory in line with a set of generated files, touching only what changed.
///
/// A file is written only when its bytes differ, through a temporary file and a rename, so a reader
/// never sees half a file. Files that schemagen wrote before (they carry `GeneratedFile.marker`)
/// and that no longer belong are removed; anything else in the directory is left alone.
public struct FileWriter: Sendable {
    public enum Change: Sendable, Hashable, CustomStringConvertible {
        /// The file does not exist yet.
        case missing(String)
        /// The file exists with other bytes.
        case stale(String)
        /// schemagen wrote the file once, and it no longer belongs.
        case extra(String)

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

    /// The output directory; paths of changes are relative to `displayPrefix`.
    public var directory: URL
    /// How paths are shown to the user (`Generated`), joined with each file's path.
    public var displayPrefix: String

    public init(directory: URL, displayPrefix: String) {
        self.directory = directory
        self.displayPrefix = displayPrefix
    }

    /// What `write` would do, without writing: the heart of `schemagen check`.
    public func changes(for files: [GeneratedFile]) -> [Change] {
        var changes: [Change] = []
        let planned = Set(files.map(\.path))
        for file in files.sorted(by: { $0.path < $1.path }) {
            let url = directory.appendingPathComponent(file.path)
            guard let existing = FileManager.default.contents(atPath: url.path) else {
                changes.append(.missing(display(file.path)))
                continue
            }
            if existing != Data(file.contents.utf8) { changes.append(.stale(display(file.path))) }
        }
        for path in previouslyGenerated() where !planned.contains(path) {
            changes.append(.extra(display(path)))
        }
        return changes
    }

    /// Writes what changed and removes what no longer belongs; returns what it did.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws(Diagnostic) -> [Change] {
        let changes = changes(for: files)
        let byDisplayPath = Dictionary(uniqueKeysWithValues: files.map { (display($0.path), $0) })
        for change in changes {
            switch change {
            case .missing(let path), .stale(let path):
                guard let file = byDisplayPath[path] else { continue }
                try replace(file)
            case .extra(let path):
                let relative = String(path.dropFirst(displayPrefix.isEmpty ? 0 : displayPrefix.count + 1))
                do {
                    try FileManager.default.removeItem(at: directory.appendingPathComponent(relative))
                } catch {
                    throw .error("cannot remove '\(path)': \(error.localizedDescription)", rule: FormatRule.io, at: nil)
                }
            }
        }
        return changes
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

    /// Paths (relative to the directory) of the files that carry schemagen's marker near their top.
    func previouslyGenerated() -> [String] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        let base = directory.standardizedFileURL.path
        var paths: [String] = []
        while let url = enumerator.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                Self.carriesMarker(url)
            else { continue }
            let full = url.standardizedFileURL.path
            paths.append(String(full.dropFirst(base.count).drop { $0 == "/" }))
        }
        return paths.sorted()
    }

    /// Reads only the head of the file: the marker sits in the first lines.
    static func carriesMarker(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 512)) ?? Data()
        return String(decoding: head, as: UTF8.self).contains(GeneratedFile.marker)
    }

    private func display(_ path: String) -> String {
        displayPrefix.isEmpty ? path : "\(displayPrefix)/\(path)"
    }
}
