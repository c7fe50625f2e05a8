import Foundation

extension FileWriter {
    /// Everything that would stop `write(files)` half-way, found without writing anything: a file
    /// where a folder goes (`Generated/swift` a plain file), a folder where a file goes, a link to
    /// nothing, a folder that cannot be written. One finding per thing in the way, naming it and the
    /// files it blocks.
    public func obstacles(for files: [GeneratedFile]) -> [Diagnostic] {
        obstacles(for: plan(for: files))
    }

    func obstacles(for steps: [Step]) -> [Diagnostic] {
        var inTheWay = ObstacleList()
        var kinds: [String: PathKind] = [:]
        func kind(_ url: URL) -> PathKind {
            if let known = kinds[url.path] { return known }
            let kind = PathKind(path: url.path)
            kinds[url.path] = kind
            return kind
        }
        // What is found above a file depends only on its folder: found once per folder, not once
        // for each of a thousand models.
        var folders: [String: FolderFinding] = [:]
        for step in steps {
            let file = step.change.path
            let folder = (step.relativePath as NSString).deletingLastPathComponent
            let finding: FolderFinding
            if let known = folders[folder] {
                finding = known
            } else {
                finding = folderFinding(file: file, relativePath: step.relativePath, kind: kind)
                folders[folder] = finding
            }
            let madeByWriter: Bool
            switch finding {
            case .problem(let shown, let problem, let fix):
                inTheWay.add(shown, problem, fix: fix, blocking: file)
                continue
            case .writable(let made):
                madeByWriter = made
            }
            guard step.file != nil, !madeByWriter else { continue }
            let target = directory.appendingPathComponent(step.relativePath).standardizedFileURL
            switch kind(target) {
            case .directory:
                inTheWay.add(
                    file, "'\(file)' is a folder, where schemagen writes a file",
                    fix: "move or remove the folder '\(file)'", blocking: file)
            case .other:
                inTheWay.add(
                    file, "'\(file)' is not a regular file", fix: "move or remove '\(file)'", blocking: file)
            case .file, .missing, .danglingLink, .linkLoop, .unreadable:
                break  // A link at the file's own place is replaced by the file, as any file there is.
            }
        }
        return inTheWay.diagnostics
    }

    /// What stands above one file: the folder it goes in can be written (`made`: the writer makes
    /// it), or the path in the way, as shown, what is wrong with it and the fix.
    enum FolderFinding {
        case writable(made: Bool)
        case problem(shown: String, problem: String, fix: String)
    }

    /// Up from the folder of the file at `relativePath` (shown as `file`) to the nearest path that
    /// exists: it must be a folder that can be written in; everything under it is made by the
    /// writer. The same for every file of that folder, whose shown path differs only in its name.
    private func folderFinding(file: String, relativePath: String, kind: (URL) -> PathKind) -> FolderFinding {
        let target = directory.appendingPathComponent(relativePath).standardizedFileURL
        var url = target.deletingLastPathComponent()
        var shown = (file as NSString).deletingLastPathComponent
        var madeByWriter = false
        while kind(url) == .missing {
            madeByWriter = true
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
            let up = (shown as NSString).deletingLastPathComponent
            shown = up.isEmpty || up == shown ? parent.path : up
        }
        switch kind(url) {
        case .directory:
            if access(url.path, W_OK | X_OK) != 0 {
                return .problem(
                    shown: shown,
                    problem: "the folder '\(shown)' cannot be written in (\(String(cString: strerror(errno))))",
                    fix: "make '\(shown)' writable")
            }
            return .writable(made: madeByWriter)
        case .file, .other:
            return .problem(
                shown: shown,
                problem:
                    "'\(shown)' is \(kind(url) == .file ? "a file" : "not a folder"), where schemagen needs a folder",
                fix: "move or remove '\(shown)'")
        case let other:
            return .problem(
                shown: shown, problem: other.problem(shownAs: shown) ?? "'\(shown)' cannot be made",
                fix: "point the link at a folder, or remove it")
        }
    }
}

/// The paths in the way of a write, each once, in the order met, with the files each blocks.
private struct ObstacleList {
    private var entries: [(path: String, problem: String, fix: String, files: [String])] = []

    mutating func add(_ path: String, _ problem: String, fix: String, blocking file: String) {
        if let index = entries.firstIndex(where: { $0.path == path }) {
            entries[index].files.append(file)
        } else {
            entries.append((path, problem, fix, [file]))
        }
    }

    var diagnostics: [Diagnostic] {
        entries.map { entry in
            let more = entry.files.count > 1 ? " and \(entry.files.count - 1) more" : ""
            return .error(
                "cannot write '\(entry.files[0])'\(more): \(entry.problem)", rule: FormatRule.io, at: nil,
                fixes: [entry.fix])
        }
    }
}
