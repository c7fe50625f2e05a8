import Foundation

/// The `--format json` document. Version 1 of its shape (see docs/diagnostics.md):
///
///     {
///       "diagnostics" : [ { "column", "endColumn", "file", "fixes", "line", "message",
///                           "notes" : [ { "column", "file", "line", "message" } ],
///                           "rule", "severity" } ],
///       "summary" : { "errors", "notes", "warnings" },
///       "version" : 1
///     }
///
/// Keys are sorted and the output pretty-printed, so the same findings give the same bytes.
/// `file`, `line`, `column` and `endColumn` are absent for a finding without a position;
/// `endColumn` is exclusive (the column after the underlined text), as in SARIF.
struct JSONDiagnosticDocument: Encodable {
    static let version = 1

    struct Entry: Encodable {
        var file: String?
        var line: Int?
        var column: Int?
        var endColumn: Int?
        var severity: String
        var rule: String
        var message: String
        var fixes: [String]
        var notes: [NoteEntry]
    }

    struct NoteEntry: Encodable {
        var file: String?
        var line: Int?
        var column: Int?
        var message: String
    }

    var version = JSONDiagnosticDocument.version
    var diagnostics: [Entry]
    var summary: DiagnosticSummary

    init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.map { diagnostic in
            Entry(
                file: diagnostic.location?.file, line: diagnostic.location?.line,
                column: diagnostic.location?.column,
                endColumn: diagnostic.location.map { $0.column + diagnostic.length },
                severity: diagnostic.severity.rawValue, rule: diagnostic.rule, message: diagnostic.message,
                fixes: diagnostic.fixes,
                notes: diagnostic.notes.map {
                    NoteEntry(
                        file: $0.location?.file, line: $0.location?.line, column: $0.location?.column,
                        message: $0.message)
                })
        }
        summary = DiagnosticSummary(diagnostics)
    }

    func encoded() -> String {
        DiagnosticJSON.encode(self)
    }
}

enum DiagnosticJSON {
    /// Sorted keys, pretty-printed, slashes left alone, a final newline.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
