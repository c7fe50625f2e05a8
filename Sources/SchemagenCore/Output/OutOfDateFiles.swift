import Foundation

extension FileWriter {
    /// `check`'s findings as diagnostics, for JSON and SARIF output, where a script or a
    /// code-scanning service reads findings and would otherwise see none: each of `changes` (what
    /// `changes(for: files)` found), at the first line that differs.
    public func outOfDateDiagnostics(_ changes: [Change], files: [GeneratedFile]) -> [Diagnostic] {
        let byDisplayPath = Dictionary(
            files.map { (display($0.path), $0) }, uniquingKeysWith: { first, _ in first })
        return changes.map { change in
            let fix = "run `schemagen generate` and commit the result"
            switch change {
            case .missing(let path):
                return .error(
                    "\(path) is missing: the schema generates it", rule: FormatRule.staleOutput, at: nil, fixes: [fix])
            case .extra(let path):
                return .error(
                    "\(path) no longer belongs to the schema", rule: FormatRule.staleOutput,
                    at: SourceLocation(file: path, line: 1, column: 1), fixes: [fix])
            case .stale(let path):
                let line = byDisplayPath[path].map { firstDifferingLine(of: $0) } ?? 1
                return .error(
                    "\(path) is out of date: it differs from what the schema generates from line \(line)",
                    rule: FormatRule.staleOutput, at: SourceLocation(file: path, line: line, column: 1), fixes: [fix])
            }
        }
    }

    /// The 1-based line where the file on disk and `file` first differ.
    func firstDifferingLine(of file: GeneratedFile) -> Int {
        let url = directory.appendingPathComponent(file.path)
        let existing = String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self)
        let old = existing.split(separator: "\n", omittingEmptySubsequences: false)
        let new = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
        let same = zip(old, new).prefix { $0 == $1 }.count
        return same + 1
    }
}
