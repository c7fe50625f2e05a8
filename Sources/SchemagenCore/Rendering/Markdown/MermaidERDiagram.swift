/// A Mermaid `erDiagram` of some tables and their foreign keys, as GitHub renders it in a
/// Markdown file.
///
/// Mermaid's lexer is strict and matches keywords first, ignoring case: an unquoted entity named
/// `tokens` starts with the keyword `to`, a column named `pk` is read as a key. So every entity
/// name is quoted, every attribute word is made of letters, digits and `_` only (`varchar(50)` is
/// written `varchar_50`: older Mermaid versions reject parentheses and commas), and a column that
/// would read as a key marker gets a trailing `_`. One line per column, no alignment: a new column
/// is one new line.
///
/// The words are defined by `Character` rules (`unicode…`); ASCII names, all of them in practice,
/// take byte routines that give the same words (`MarkdownTextTests` compares both on random names).
enum MermaidERDiagram {
    /// The diagram, from the `erDiagram` line to the last relationship, as lines of the current
    /// block of `document`. `tables` are the ones drawn with their columns (`keys[i]` are
    /// `tables[i]`'s); a foreign key to a table outside them still draws its line, and Mermaid
    /// shows that table as a box without columns.
    static func write(_ tables: [Table], keys: [TableKeys], into document: inout MarkdownDocument) {
        document.line("erDiagram")
        for (table, keys) in zip(tables, keys) {
            document.line("  ")
            document.write(entity(table.name))
            document.write(" {")
            for column in table.columns {
                document.line("    ")
                document.write(attributeWord(typeWord(column.type)))
                document.write(" ")
                document.write(attributeWord(column.name))
                keys.writeMarkers(of: column.name, into: &document)
            }
            document.line("  }")
        }
        for (table, keys) in zip(tables, keys) {
            for key in table.foreignKeys {
                writeRelationship(key, of: table, keys: keys, into: &document)
            }
        }
    }

    /// `relationship(key, of: table, keys: keys)` as a line of `document`.
    static func writeRelationship(
        _ key: ForeignKey, of table: Table, keys: TableKeys, into document: inout MarkdownDocument
    ) {
        let optional = key.columns.contains { name in
            table.columns.first(where: { $0.name == name }).map(\.isNullable) ?? false
        }
        let identifying = table.primaryKey.map { keys.columns(of: key, areIn: $0.columns) } ?? false
        document.line("  ")
        writeEntity(key.referencedTable, into: &document)
        document.write(optional ? " |o" : " ||")
        document.write(identifying ? "--" : "..")
        document.write(keys.isUnique(key.columns) ? "o| " : "o{ ")
        writeEntity(table.name, into: &document)
        document.write(" : \"")
        for (position, column) in key.columns.enumerated() {
            if position > 0 { document.write(", ") }
            document.write(column)
        }
        document.write("\"")
    }

    /// `entity(name)`, written into `document`.
    static func writeEntity(_ name: String, into document: inout MarkdownDocument) {
        let plain = name.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains {
                $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") || $0 == 0x0D
                    || $0 == 0x0A
            }
        }
        if plain == true {
            document.write("\"")
            document.write(name)
            document.write("\"")
        } else {
            document.write(entity(name))
        }
    }

    /// `"parent" ||--o{ "child" : "column"`: the parent's side says whether a child row must have
    /// a parent (the key's columns are not null) or may have none; the child's side whether a
    /// parent has at most one child (the key's columns are unique in the child) or any number.
    /// The line is solid (identifying) when the key's columns are part of the child's primary key.
    static func relationship(_ key: ForeignKey, of table: Table, keys: TableKeys) -> String {
        let optional = key.columns.contains { table.column(named: $0)?.isNullable ?? false }
        let parentSide = optional ? "|o" : "||"
        let childSide = keys.isUnique(key.columns) ? "o|" : "o{"
        let identifying = table.primaryKey.map { Set(key.columns).isSubset(of: $0.columns) } ?? false
        let line = identifying ? "--" : ".."
        let label = key.columns.joined(separator: ", ")
        return "  \(entity(key.referencedTable)) \(parentSide)\(line)\(childSide) \(entity(table.name)) : \"\(label)\""
    }

    /// The type as one word: the format's spelling with `(`, `,` and `)` turned into `_`.
    static func typeWord(_ type: ColumnType) -> String {
        switch type {
        case .varchar(let length): "varchar_\(length)"
        case .decimal(let precision, let scale): "decimal_\(precision)_\(scale)"
        case .vector(let dimensions): "vector_\(dimensions)"
        case .enumeration(.inline): "enum"
        case .enumeration(.named(let name)): spellingWord(name)
        default: type.formatSpelling
        }
    }

    /// `typeWord`'s rule on any spelling, as it was first written.
    static func unicodeTypeWord(_ type: ColumnType) -> String {
        var spelling = type.formatSpelling
        if case .enumeration(.inline) = type { spelling = "enum" }
        return unicodeSpellingWord(spelling)
    }

    /// `(` and `,` to `_`, `)` dropped.
    static func spellingWord(_ spelling: String) -> String {
        let utf8 = spelling.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ")") })
        else { return spelling }
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return unicodeSpellingWord(spelling) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ","): bytes.append(UInt8(ascii: "_"))
            case UInt8(ascii: ")"): break
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func unicodeSpellingWord(_ spelling: String) -> String {
        spelling.replacing("(", with: "_").replacing(",", with: "_").replacing(")", with: "")
    }

    /// A quoted entity name; Mermaid's quoted names refuse `"`, `%`, `\` and line breaks.
    static func entity(_ name: String) -> String {
        // Without those bytes, no character of the name is one of them.
        let refused = name.utf8.contains {
            $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") || $0 == 0x0D
                || $0 == 0x0A
        }
        return refused ? unicodeEntity(name) : "\"" + name + "\""
    }

    static func unicodeEntity(_ name: String) -> String {
        "\"" + String(name.map { "\"%\\\r\n".contains($0) ? "_" : $0 }) + "\""
    }

    /// An attribute's type or name as one word that is not a key marker: Mermaid reads `pk`, `fk`
    /// and `uk` as markers in either place (an enum named `pk` broke the diagram).
    static func attributeWord(_ name: String) -> String {
        let cleaned = word(name)
        // `word` is ASCII: a marker is two bytes, `k` or `K` last.
        let utf8 = cleaned.utf8
        guard utf8.count == 2, utf8.last! | 0x20 == UInt8(ascii: "k") else { return cleaned }
        return ["pk", "fk", "uk"].contains(cleaned.lowercased()) ? cleaned + "_" : cleaned
    }

    /// Letters, digits and `_`, starting with a letter or `_`: what every Mermaid version reads
    /// as an attribute word.
    static func word(_ text: String) -> String {
        asciiWord(text) ?? unicodeWord(text)
    }

    static func unicodeWord(_ text: String) -> String {
        var result = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if result.first.map({ !$0.isLetter && $0 != "_" }) ?? true { result = "_" + result }
        return result
    }

    /// `unicodeWord` for ASCII text without CR (CR LF is one character, one `_`), `nil` for any other.
    static func asciiWord(_ text: String) -> String? {
        var clean = true
        for byte in text.utf8 {
            guard byte < 0x80, byte != 0x0D else { return nil }
            if !isWordByte(byte) { clean = false }
        }
        if clean, let first = text.utf8.first, !isDigit(first) { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 1)
        // The first character of the word must be a letter or `_`: only a digit (or nothing) is not.
        if text.utf8.first.map(isDigit) ?? true { bytes.append(UInt8(ascii: "_")) }
        for byte in text.utf8 {
            bytes.append(isLetter(byte) || isDigit(byte) ? byte : UInt8(ascii: "_"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_")
    }
}

/// What a table's keys say about its columns, derived once per table: the diagram's markers and
/// the document's key cells ask it of every column. Lists searched in turn, not sets: a table's
/// keys have a few columns each, and hashing every name cost more than comparing it.
struct TableKeys {
    /// The primary key's columns.
    private var primary: [String] = []
    /// The primary key when it is one column.
    private var soleKeyColumn: String?
    /// Columns in some foreign key (with repeats).
    private var referencing: [String] = []
    /// The column sets that are unique: the primary key's, each unique constraint's, and each
    /// unique index's that is not partial and has no expression (each as listed, repeats and all;
    /// compared as sets).
    private var uniqueSets: [[String]] = []

    init(_ table: Table) {
        if let key = table.primaryKey {
            primary = key.columns
            uniqueSets.append(primary)
            if key.columns.count == 1 { soleKeyColumn = key.columns[0] }
        }
        for key in table.foreignKeys { referencing += key.columns }
        for unique in table.uniqueConstraints { uniqueSets.append(unique.columns) }
        for index in table.indexes where index.isUnique && index.predicate == nil && !index.hasExpressions {
            uniqueSets.append(index.columnNames)
        }
    }

    func isPrimary(_ column: String) -> Bool { primary.contains(column) }

    /// True when the table holds at most one row per value of exactly these columns: its primary
    /// key, a unique constraint, or a unique index that is not partial.
    func isUnique(_ columns: [String]) -> Bool {
        uniqueSets.contains { Self.sameSet($0, columns) }
    }

    /// True when every one of `key`'s columns is one of `columns` (`Set(key.columns).isSubset`).
    func columns(of key: ForeignKey, areIn columns: [String]) -> Bool {
        key.columns.allSatisfy(columns.contains)
    }

    /// `Set(a) == Set(b)`, without the sets.
    static func sameSet(_ a: [String], _ b: [String]) -> Bool {
        a.allSatisfy(b.contains) && b.allSatisfy(a.contains)
    }

    /// Unique on its own, and not as the whole primary key (which says so already).
    func isUniqueAlone(_ column: String) -> Bool {
        guard soleKeyColumn != column else { return false }
        // A set of one element that is `column`: a non-empty list of `column` only.
        return uniqueSets.contains { !$0.isEmpty && $0.allSatisfy { $0 == column } }
    }

    /// `PK`, `FK`, `UK` for a column: in the primary key, in a foreign key, unique on its own.
    func markers(of column: String) -> [String] {
        var markers: [String] = []
        if primary.contains(column) { markers.append("PK") }
        if referencing.contains(column) { markers.append("FK") }
        if isUniqueAlone(column) { markers.append("UK") }
        return markers
    }

    /// `markers(of:)`, each after a space (the first) or `, `, written into `document`.
    func writeMarkers(of column: String, into document: inout MarkdownDocument) {
        var separator = " "
        if primary.contains(column) {
            document.write(separator)
            document.write("PK")
            separator = ", "
        }
        if referencing.contains(column) {
            document.write(separator)
            document.write("FK")
            separator = ", "
        }
        if isUniqueAlone(column) {
            document.write(separator)
            document.write("UK")
        }
    }
}
