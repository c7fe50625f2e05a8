extension Diagnostic {
    /// The same finding with each relative file path (its own and its notes') made absolute under
    /// `root`: the form a build log needs, where SwiftPM and Xcode open `path:line:col` from another
    /// working directory than the project's.
    public func withAbsolutePaths(root: String) -> Diagnostic {
        var copy = self
        copy.location = location.map { $0.absolute(root: root) }
        copy.notes = notes.map { note in
            var note = note
            note.location = note.location.map { $0.absolute(root: root) }
            return note
        }
        return copy
    }
}

extension SourceLocation {
    /// This location with a relative file path joined to `root`; an absolute one stays as it is.
    public func absolute(root: String) -> SourceLocation {
        guard !file.hasPrefix("/") else { return self }
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        return SourceLocation(file: base + "/" + file, line: line, column: column)
    }
}
