import SchemagenCore

/// A one-table schema whose table comment is `mebibytes` MiB of text: the pathological input of
/// issue 12 (a 50 MB comment took 33 s to generate, and more than twice as long per byte as a 5 MB
/// one). Every renderer spells the comment out in full (Postgres `COMMENT ON`, SQLite `--` lines,
/// Swift `///` lines), so each must take time in proportion to its length.
///
/// The text mixes what real comments hold, so that each branch of the comment code runs: short
/// lines, blank lines, trailing spaces, quotes to escape, Markdown list items (indented, which the
/// Swift wrapping repeats), and a long paragraph on one line that the Swift renderer wraps.
/// Deterministic: the same size always gives the same bytes.
struct LargeCommentSchema: Sendable {
    var mebibytes: Int

    /// The lines that repeat until the comment is long enough: about 1.2 KiB.
    static let stanza: [String] = [
        "Notes kept for the support team, written by hand over the years.",
        "",
        "The customer's own words are quoted as they wrote them: \"it's broken\" and 'it works'.  ",
        "  - an indented list item that a Markdown reader shows as a bullet",
        "  - another item, with a backslash \\ and a tab\tinside it",
        String(repeating: "A long paragraph written on a single line, which the Swift doc comment wraps. ", count: 12),
    ]

    /// The comment: whole stanzas up to `mebibytes` MiB (never less than one stanza).
    var comment: String {
        let target = mebibytes * 1024 * 1024
        let stanza = Self.stanza.joined(separator: "\n") + "\n"
        let count = max(1, target / stanza.utf8.count)
        return String(repeating: stanza, count: count)
    }

    /// The schema as YAML: the comment as a literal block (`|`), indented under the table.
    func files() -> [SchemaSources.File] {
        var text = """
            mixins:
              timestamps:
                columns:
                  created_at: { type: timestamptz, default: now() }
                  updated_at: { type: timestamptz, default: now(), auto_update: true }
            tables:
              support_notes:
                mixins: [timestamps]
                comment: |

            """
        let body = comment
        text.reserveCapacity(text.utf8.count + body.utf8.count * 2)
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            text += line.isEmpty ? "\n" : "      " + line + "\n"
        }
        text += """
                columns:
                  id: { type: uuid, primary_key: true, default: uuid() }
                  title: varchar(200)

            """
        return [SchemaSources.File(path: "schema/notes.yaml", bytes: Array(text.utf8))]
    }
}
