/// How a run hands on the files it generates: every one as text, or, compared with the output
/// directory as soon as it is rendered, only those that differ (`Generator.run(keepingOnlyChanges:)`),
/// the others by path alone.
struct OutputFiles: Sendable {
    /// The writer whose directory the files are compared with; `nil` keeps every file.
    var writer: FileWriter?

    init(comparingWith writer: FileWriter?) {
        self.writer = writer
    }

    /// Files sorted into those to write and those already on disk byte for byte.
    struct Sorted: Sendable {
        var changed: [GeneratedFile] = []
        var unchanged: [String] = []

        static func += (left: inout Sorted, right: Sorted) {
            left.changed += right.changed
            left.unchanged += right.unchanged
        }
    }

    func sort(_ files: [GeneratedFile]) -> Sorted {
        guard let writer else { return Sorted(changed: files) }
        var sorted = Sorted()
        for file in files {
            if writer.isUnchanged(file) {
                sorted.unchanged.append(file.path)
            } else {
                sorted.changed.append(file)
            }
        }
        return sorted
    }

    /// The planner's files; those it kept as read from the output directory are unchanged without
    /// a comparison (or, keeping every file, text like the others).
    func sort(_ planned: MigrationPlanner.Result) -> Sorted {
        var sorted = sort(planned.files)
        if writer == nil {
            sorted.changed += planned.kept.map(\.asGenerated)
        } else {
            sorted.unchanged += planned.kept.map(\.path)
        }
        return sorted
    }

    /// What `SwiftMigrationsFile` reads of the planner's files: the scripts' text, and the snapshots'
    /// paths (the migrations it lists), whose contents it never reads: a kept snapshot is passed
    /// without its text, which at 10,000 tables is 91 MB.
    static func scriptInputs(of planned: MigrationPlanner.Result) -> [GeneratedFile] {
        planned.files
            + planned.kept.map { file in
                file.path.hasPrefix(MigrationLayout.snapshotFolder + "/")
                    ? GeneratedFile(path: file.path, contents: "") : file.asGenerated
            }
    }
}
