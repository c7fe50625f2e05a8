import Foundation

/// Stops a migration that can lose data or fail on existing rows until it is acknowledged: for the
/// run (`--accept-data-loss`), or in the schema next to the change (`exceptions: {
/// destructive-change: <why> }` on the table or the column). A risk acknowledged once stays so
/// while its migration is pending: the script's header records it, and the next run reads it back.
struct RiskGate {
    var options: MigrationOptions
    /// The new version, for positions and written exceptions.
    var schema: Schema
    /// Where the tables of the previous version were written, for a table that is gone.
    var tableFiles: [String: String]
    /// Risk messages the pending migration's header already records as acknowledged, each with
    /// the header's words for how (`--accept-data-loss`, `exception: <reason>`).
    var acknowledgedBefore: [String: String]
    /// The planned changes, to suggest `renamed_from` for a drop beside an add.
    var changes: [SchemaChange] = []
    /// The reasons of exceptions that committed migrations already record as acknowledging their
    /// risks: an exception left in the schema after its migration must not wave the next risk of
    /// its table through.
    var spentReasons: Set<String> = []

    static let rule = RuleCatalogue.destructiveChange.id

    /// How `risk` is acknowledged, in the header's words, or `nil` when it is not.
    func acknowledgement(for risk: MigrationRisk) -> String? {
        guard risk.kind.isDestructive else { return nil }
        if let exception = writtenException(for: risk) { return "exception: \(exception.reason)" }
        if options.acceptDataLoss { return "--accept-data-loss" }
        // The words of the run that acknowledged it, so that planning the pending migration
        // again (a later `generate` or `check` without the flag) writes the same header.
        if let how = acknowledgedBefore[risk.message] { return how }
        return nil
    }

    private func writtenException(for risk: MigrationRisk) -> RuleException? {
        writtenExceptions(for: risk).first { !spentReasons.contains($0.reason) }
    }

    /// The `destructive-change` exceptions written next to the risk: on its column, then its table.
    private func writtenExceptions(for risk: MigrationRisk) -> [RuleException] {
        guard let name = risk.table, let table = schema.table(named: name) else { return [] }
        let column = risk.column.flatMap(table.column(named:))?.exceptions ?? []
        return (column + table.exceptions).filter { $0.rule == Self.rule }
    }

    /// The rule's level in `rules:`: `warning` reports and goes on, `off` plans without a gate.
    var severity: Diagnostic.Severity? = RuleCatalogue.destructiveChange.defaultSeverity

    func findings(for risks: [MigrationRisk]) -> [Diagnostic] {
        guard let severity else { return [] }
        return risks.filter { $0.kind.isDestructive && acknowledgement(for: $0) == nil }.map { risk in
            var fixes = renameHints(for: risk)
            if let spent = writtenExceptions(for: risk).first {
                fixes.append(
                    "the exception '\(spent.reason)' acknowledged an earlier, committed migration: give this change a reason of its own, or remove it"
                )
            }
            fixes.append("if the change is meant, run `schemagen generate --accept-data-loss`")
            if let table = risk.table, schema.table(named: table) != nil {
                fixes.append(
                    "or acknowledge it in the schema: `exceptions: { destructive-change: <why> }` on \(risk.column.map { "\(table).\($0)" } ?? table)"
                )
            }
            return Diagnostic(
                severity, "the migration \(risk.message) (\(risk.kind.rawValue))", rule: Self.rule,
                at: location(of: risk), fixes: fixes)
        }
    }

    private func location(of risk: MigrationRisk) -> SourceLocation? {
        if let name = risk.table, let table = schema.table(named: name) {
            return risk.column.flatMap(table.column(named:))?.location ?? table.location
        }
        if let name = risk.table, let file = tableFiles[name] {
            return SourceLocation(file: file, line: 1, column: 1)
        }
        return schema.enums.first { risk.message.contains("enum \($0.name)") }?.location
    }

    /// A drop beside an add of the same kind is often a rename that was not declared.
    private func renameHints(for risk: MigrationRisk) -> [String] {
        var hints: [String] = []
        for change in changes {
            switch change {
            case .dropColumn(let table, let dropped)
            where risk.table == table && risk.message.contains(".\(dropped.name) "):
                for case .addColumn(table, let added) in changes where added.type == dropped.type {
                    hints.append(
                        "if \(table).\(added.name) is \(dropped.name) renamed, write `renamed_from: \(dropped.name)` on it"
                    )
                }
            case .dropTable(let dropped) where risk.table == dropped.name:
                for case .createTable(let created) in changes {
                    hints.append(
                        "if table \(created.name) is \(dropped.name) renamed, write `renamed_from: \(dropped.name)` on it"
                    )
                }
            default:
                continue
            }
        }
        return hints
    }

    /// The reasons of the exceptions that `migrations`' headers record: `acknowledged (exception: <reason>)`.
    static func exceptionReasons(in migrations: [MigrationHistory.Migration]) -> Set<String> {
        let prefix = "exception: "
        return Set(
            HeaderAcknowledgement.all(in: migrations).compactMap {
                $0.how.hasPrefix(prefix) ? String($0.how.dropFirst(prefix.count)) : nil
            })
    }

    /// The risks a migration's header records as acknowledged, and how.
    static func acknowledged(in migration: MigrationHistory.Migration) -> [String: String] {
        Dictionary(
            HeaderAcknowledgement.all(in: [migration]).map { ($0.message, $0.how) },
            uniquingKeysWith: { first, _ in first })
    }
}

/// A risk that a script's header records as acknowledged, `--   <kind>, acknowledged (<how>):
/// <message>`: written by `MigrationScriptWriter`, read back by the gate of the next run.
struct HeaderAcknowledgement {
    static let marker = ", acknowledged ("

    /// `--accept-data-loss` or `exception: <reason>` (`before` in headers of earlier versions).
    var how: String
    var message: String

    /// Every acknowledgement in the header (the leading comment lines) of the up scripts.
    static func all(in migrations: [MigrationHistory.Migration]) -> [HeaderAcknowledgement] {
        var found: [HeaderAcknowledgement] = []
        for migration in migrations {
            for path in migration.paths where path.hasSuffix(".up.sql") {
                guard let bytes = header(of: path, in: migration) else { continue }
                found += acknowledgements(inHeader: headerText(bytes))
            }
        }
        return found
    }

    /// The acknowledgements of a header's lines, up to the first that is not a `--` comment
    /// (empty lines passed over). A header that is ASCII without a CR (every one schemagen writes
    /// from an ASCII schema) is split at its line feeds as bytes, which is where `split` on
    /// characters splits it, and only a line that holds the marker's bytes is made a string:
    /// splitting 2,000 lines of a first migration's header as characters cost 14 M instructions
    /// a script. Any other header is split as characters, as before.
    static func acknowledgements(inHeader text: String) -> [HeaderAcknowledgement] {
        var text = text
        let asBytes = text.withUTF8 { bytes -> [HeaderAcknowledgement]? in
            let raw = UnsafeRawBufferPointer(bytes)
            guard asciiHighBits(raw) & 0x80 == 0, raw.isEmpty || memchr(raw.baseAddress!, 13, raw.count) == nil
            else { return nil }
            var found: [HeaderAcknowledgement] = []
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
                defer { start = end + 1 }
                guard end > start else { continue }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                guard isComment(line) else { break }
                guard holdsMarkerBytes(UnsafeRawBufferPointer(line)) else { continue }
                if let entry = acknowledgement(in: Substring(String(decoding: line, as: UTF8.self))) {
                    found.append(entry)
                }
            }
            return found
        }
        if let asBytes { return asBytes }
        var found: [HeaderAcknowledgement] = []
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("--") else { break }
            if let entry = acknowledgement(in: line) { found.append(entry) }
        }
        return found
    }

    /// The acknowledgement a header line records, if any. A line without the marker's bytes is
    /// passed over without Foundation's search (which compares characters by canonical
    /// equivalence, and so costs a lot per line: a first migration of 1,000 tables has 2,000
    /// header lines): every character of the marker is ASCII, and no other text is canonically
    /// equivalent to ASCII letters, commas, spaces or parentheses, so the search would find none.
    static func acknowledgement(in line: Substring) -> HeaderAcknowledgement? {
        guard holdsMarkerBytes(line) else { return nil }
        guard let start = line.range(of: marker),
            let end = line.range(of: "): ", range: start.upperBound..<line.endIndex)
        else { return nil }
        return HeaderAcknowledgement(
            how: String(line[start.upperBound..<end.lowerBound]), message: String(line[end.upperBound...]))
    }

    private static let markerBytes = Array(marker.utf8)

    /// True when `line` holds the bytes of `marker`.
    static func holdsMarkerBytes(_ line: UnsafeRawBufferPointer) -> Bool {
        guard line.count >= markerBytes.count else { return false }
        return markerBytes.withUnsafeBytes { marker in
            var index = 0
            while index <= line.count - marker.count,
                let first = memchr(line.baseAddress! + index, Int32(marker[0]), line.count - marker.count + 1 - index)
            {
                let at = UnsafeRawPointer(first) - line.baseAddress!
                if memcmp(first, marker.baseAddress!, marker.count) == 0 { return true }
                index = at + 1
            }
            return false
        }
    }

    /// True when the bytes of `line` hold those of `marker`.
    static func holdsMarkerBytes(_ line: Substring) -> Bool {
        var line = line
        return line.withUTF8 { holdsMarkerBytes(UnsafeRawBufferPointer($0)) }
    }

    /// True when a line's bytes start with `--`: no line that starts with `--` as characters
    /// starts otherwise as bytes.
    private static func isComment<Line: Collection<UInt8>>(_ line: Line) -> Bool {
        var bytes = line.makeIterator()
        return bytes.next() == UInt8(ascii: "-") && bytes.next() == UInt8(ascii: "-")
    }

    /// The start of a script as far as `all(in:)` reads it: up to and with the first line that is
    /// neither empty nor a `--` comment. Splitting the whole script into lines first (megabytes for
    /// a first migration of 1,000 tables) was a fifth of a run that plans a migration. A script with
    /// a CR is taken whole, as before: `\r\n` is one character, and not a line break to `split`.
    static func headerText(_ bytes: [UInt8]) -> String {
        guard !bytes.contains(13) else { return String(decoding: bytes, as: UTF8.self) }
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            if end > start, !isComment(bytes[start..<end]) {
                return String(decoding: bytes[..<end], as: UTF8.self)
            }
            start = end + 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// As much of the script at `path` as `headerText` reads: a script held in memory, whole; a
    /// deferred one (the first migration's, megabytes) through the line feed that ends its
    /// header, read in growing chunks. `headerText` of that prefix is `headerText` of the whole
    /// script when no CR comes before that line feed: the lines up to it are the same, and a CR
    /// after it (which makes `headerText` take the whole script) leaves the loop of `all(in:)`
    /// stopping at the same line. A CR before it, or a header without end, reads the whole.
    static func header(of path: String, in migration: MigrationHistory.Migration) -> [UInt8]? {
        guard migration.files[path] == nil, let deferred = migration.deferred[path],
            let file = OpenFile(path: deferred.path), file.identity.size == deferred.size
        else { return migration.contents(of: path) }
        var prefix: [UInt8] = []
        var lineStart = 0
        var chunk = 64 * 1024
        while prefix.count < deferred.size,
            let more = file.bytes(at: prefix.count, count: min(chunk, deferred.size - prefix.count))
        {
            prefix += more
            chunk *= 2
            while let feed = prefix[lineStart...].firstIndex(of: 10) {
                let line = prefix[lineStart..<feed]
                guard !line.contains(13) else { return deferred.read() }
                if !line.isEmpty, !isComment(line) {
                    return Array(prefix[...feed])
                }
                lineStart = feed + 1
            }
        }
        return deferred.read()
    }
}
