import Foundation
import SchemagenCore
import Testing

@Suite struct YAMLReaderTests {
    // MARK: Helpers

    private static let file = "schema/test.yaml"

    private func read(_ text: String, limits: YAMLReader.Limits = .init()) throws(Diagnostic) -> YAMLNode? {
        try read(bytes: Array(text.utf8), limits: limits)
    }

    private func read(bytes: [UInt8], limits: YAMLReader.Limits = .init()) throws(Diagnostic) -> YAMLNode? {
        try YAMLReader(limits: limits).read(bytes, file: Self.file)
    }

    /// The diagnostic reading `bytes` throws, or nil when it reads without error.
    private func failure(bytes: [UInt8], limits: YAMLReader.Limits = .init()) -> Diagnostic? {
        do {
            _ = try read(bytes: bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    private func failure(_ text: String, limits: YAMLReader.Limits = .init()) -> Diagnostic? {
        failure(bytes: Array(text.utf8), limits: limits)
    }

    private func at(_ line: Int, _ column: Int) -> SchemagenCore.SourceLocation {
        SchemagenCore.SourceLocation(file: Self.file, line: line, column: column)
    }

    // MARK: Positions

    @Test func blockStylePositions() throws {
        let text = """
            # schema
            tables:
              users:
                columns:
                  id: uuid
                  name:   varchar(50)
            """
        let root = try #require(try read(text))
        #expect(root.location == at(2, 1))
        let tables = try #require(root.mapping?.first)
        #expect(tables.keyText == "tables")
        #expect(tables.key.location == at(2, 1))
        #expect(tables.value.location == at(3, 3))
        let users = try #require(tables.value.mapping?.first)
        #expect(users.key.location == at(3, 3))
        let columns = try #require(users.value["columns"])
        #expect(columns.location == at(5, 7))
        let pairs = try #require(columns.mapping)
        #expect(pairs.map(\.keyText) == ["id", "name"])
        #expect(pairs[0].key.location == at(5, 7))
        #expect(pairs[0].value.location == at(5, 11))
        #expect(pairs[0].value.scalar == YAMLScalar("uuid"))
        #expect(pairs[1].key.location == at(6, 7))
        #expect(pairs[1].value.location == at(6, 15))
        #expect(pairs[1].value.scalar?.text == "varchar(50)")
    }

    @Test func flowStylePositions() throws {
        let text = "columns: { id: { type: uuid, pk: true }, tags: [a, \"b c\"] }\n"
        let root = try #require(try read(text))
        let columns = try #require(root["columns"])
        #expect(columns.location == at(1, 10))
        let id = try #require(columns.mapping?.first)
        #expect(id.key.location == at(1, 12))
        #expect(id.value.location == at(1, 16))
        #expect(id.value["type"]?.location == at(1, 24))
        #expect(id.value.mapping?[1].key.location == at(1, 30))
        let tags = try #require(columns["tags"])
        #expect(tags.location == at(1, 48))
        #expect(tags.sequence?.map(\.location) == [at(1, 49), at(1, 52)])
        #expect(tags.sequence?.map { $0.scalar?.text } == ["a", "b c"])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try #require(try read("émoji: ✓ ok\nnext: 1\n"))
        #expect(root.mapping?[0].value.location == at(1, 8))
        #expect(root.mapping?[1].key.location == at(2, 1))
    }

    // MARK: Scalars

    @Test func scalarStylesAreKept() throws {
        let text = """
            plain: text
            single: 'it''s'
            double: "tab\\there"
            literal: |
              line one
              line two
            folded: >-
              one
              two
            """
        let root = try #require(try read(text))
        #expect(root["plain"]?.scalar == YAMLScalar("text", style: .plain))
        #expect(root["single"]?.scalar == YAMLScalar("it's", style: .singleQuoted))
        #expect(root["double"]?.scalar == YAMLScalar("tab\there", style: .doubleQuoted))
        #expect(root["literal"]?.scalar == YAMLScalar("line one\nline two\n", style: .literal))
        #expect(root["folded"]?.scalar == YAMLScalar("one two", style: .folded))
        #expect(root["literal"]?.location == at(4, 10))
    }

    @Test func plainScalarsAreNotTypeResolved() throws {
        let root = try #require(try read("a: on\nb: no\nc: 1e3\nd: 0.80\ne: ~\nf: 'yes'\ng:\n"))
        let values = try #require(root.mapping).map(\.value.scalar)
        #expect(values.map { $0?.text } == ["on", "no", "1e3", "0.80", "~", "yes", ""])
        #expect(values.map { $0?.style } == [.plain, .plain, .plain, .plain, .plain, .singleQuoted, .plain])
        #expect(root["e"]?.scalar?.isNull == true)
        #expect(root["g"]?.scalar?.isNull == true)
        #expect(root["b"]?.scalar?.isNull == false)
    }

    @Test func explicitTagsAreKept() throws {
        let root = try #require(try read("a: !!str 1\nb: !custom x\nc: !!map { k: v }\nd: plain\n"))
        #expect(root["a"]?.tag == "!!str")
        #expect(root["a"]?.scalar?.text == "1")
        #expect(root["b"]?.tag == "!custom")
        #expect(root["c"]?.tag == "!!map")
        #expect(root["c"]?.mapping?.count == 1)
        #expect(root["d"]?.tag == nil)
    }

    // MARK: Aliases and merge keys

    @Test func aliasesToScalarsAndListsAreExpanded() throws {
        let text = """
            name: &n users
            list: &l [a, b]
            copy: *n
            again: *l
            """
        let root = try #require(try read(text))
        #expect(root["copy"]?.scalar?.text == "users")
        #expect(root["copy"]?.location == at(1, 7))
        #expect(root["again"]?.sequence?.compactMap { $0.scalar?.text } == ["a", "b"])
    }

    @Test func mergeKeyWithOneMapping() throws {
        let text = """
            base: &base
              id: uuid
              created_at: timestamptz
            users:
              name: text
              <<: *base
              email: text
            """
        let root = try #require(try read(text))
        let users = try #require(root["users"]?.mapping)
        // Merged pairs sit where `<<` was written and keep the anchor's positions.
        #expect(users.map(\.keyText) == ["name", "id", "created_at", "email"])
        #expect(users[1].key.location == at(2, 3))
        #expect(users[1].value.scalar?.text == "uuid")
    }

    @Test func mergeKeyWithListEarlierMappingWins() throws {
        let text = """
            a: &a { x: from-a, y: from-a }
            b: &b { y: from-b, z: from-b }
            c:
              <<: [*a, *b]
            """
        let root = try #require(try read(text))
        let c = try #require(root["c"]?.mapping)
        #expect(c.map(\.keyText) == ["x", "y", "z"])
        #expect(c.map { $0.value.scalar?.text } == ["from-a", "from-a", "from-b"])
        #expect(c[1].key.location == at(1, 20))
    }

    @Test func explicitKeysOverrideMergedKeys() throws {
        let text = """
            base: &base { type: text, nullable: false, comment: base }
            column:
              type: uuid
              <<: *base
              comment: mine
            """
        let root = try #require(try read(text))
        let column = try #require(root["column"]?.mapping)
        #expect(column.map(\.keyText) == ["type", "nullable", "comment"])
        #expect(column.map { $0.value.scalar?.text } == ["uuid", "false", "mine"])
        #expect(column[0].key.location == at(3, 3))
        #expect(column[2].key.location == at(5, 3))
    }

    @Test func quotedMergeKeyIsOrdinaryText() throws {
        let root = try #require(try read("\"<<\": value\n"))
        #expect(root.mapping?.first?.keyText == "<<")
        #expect(root["<<"]?.scalar?.text == "value")
    }

    @Test func mergeOfAScalarIsAnError() throws {
        let diagnostic = try #require(failure("name: &n text\nt:\n  <<: *n\n"))
        #expect(diagnostic.rule == "yaml-merge")
        #expect(
            diagnostic.message
                == "the value of a merge key '<<' must be a mapping or a list of mappings, found a scalar")
        #expect(diagnostic.location == at(1, 7))
    }

    @Test func mergeListItemMustBeAMapping() throws {
        let diagnostic = try #require(failure("a: &a { x: 1 }\nt:\n  <<: [*a, [1]]\n"))
        #expect(diagnostic.rule == "yaml-merge")
        #expect(diagnostic.message == "every item of a merge key '<<' list must be a mapping, found a list")
        #expect(diagnostic.location == at(3, 12))
    }

    // MARK: Duplicate keys

    @Test func duplicateKeyInBlockMapping() throws {
        let text = """
            columns:
              id: uuid
              name: text
              id: int
            """
        let diagnostic = try #require(failure(text))
        #expect(diagnostic.rule == "yaml-duplicate-key")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "duplicate key 'id' in this mapping")
        #expect(diagnostic.location == at(4, 3))
        #expect(diagnostic.notes == [Diagnostic.Note("'id' is first written here", at: at(2, 3))])
    }

    @Test func duplicateKeyInFlowMappingAcrossQuoting() throws {
        let diagnostic = try #require(failure("t: { a: 1, b: 2, \"a\": 3 }\n"))
        #expect(diagnostic.rule == "yaml-duplicate-key")
        #expect(diagnostic.location == at(1, 18))
        #expect(diagnostic.notes.first?.location == at(1, 6))
    }

    @Test(arguments: [0, 7, 8, 9, 15])
    func duplicateFoundAroundTheSmallMappingThreshold(duplicated: Int) throws {
        // Small mappings are scanned, larger ones hashed: a duplicate is found on either side.
        for count in [duplicated + 1, 9, 20] where duplicated < count {
            let lines = (0..<count).map { "k\($0): \($0)" } + ["k\(duplicated): again"]
            let diagnostic = try #require(failure(lines.joined(separator: "\n")))
            #expect(diagnostic.location == at(count + 1, 1))
            #expect(diagnostic.notes.first?.location == at(duplicated + 1, 1))
        }
    }

    /// Random block mappings of 0 to 20 keys drawn from a small pool, so that some repeat: read as
    /// a plain model reads them, keys in order, or refused at the first repeat with the first
    /// place in the note, whatever the mapping's size (the builder reserves room for a few pairs
    /// and grows from there, scans small mappings and hashes large ones).
    @Test func randomMappingsReadAsTheModelSays() throws {
        var generator = SystemRandomNumberGenerator()
        let pool = (0..<24).map { "key_\($0)" }
        for _ in 0..<2_000 {
            let keys = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                pool.randomElement(using: &generator)!
            }
            let text = "m:\n" + keys.enumerated().map { "  \($1): v\($0)\n" }.joined()
            var seen: [String: Int] = [:]
            var repeated: (line: Int, first: Int)?
            for (index, key) in keys.enumerated() {
                if let first = seen[key] {
                    repeated = (index + 2, first + 2)
                    break
                }
                seen[key] = index
            }
            if let repeated {
                let diagnostic = try #require(failure(text), "\(keys)")
                #expect(diagnostic.rule == "yaml-duplicate-key")
                #expect(diagnostic.location == at(repeated.line, 3), "\(keys)")
                #expect(diagnostic.notes.first?.location == at(repeated.first, 3), "\(keys)")
            } else {
                let root = try #require(try read(text))
                let value = try #require(root.mapping?.first?.value)
                let pairs = value.mapping ?? []
                #expect(pairs.map(\.keyText) == keys, "\(keys)")
                #expect(pairs.map { $0.value.scalar?.text } == keys.indices.map { "v\($0)" })
                #expect(pairs.map(\.key.location) == keys.indices.map { at($0 + 2, 3) })
            }
        }
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        let root = try #require(try read("a: { id: 1 }\nb: { id: 2 }\n"))
        #expect(root.mapping?.count == 2)
    }

    @Test func secondMergeKeyIsADuplicate() throws {
        let diagnostic = try #require(failure("a: &a { x: 1 }\nb: &b { y: 1 }\nc:\n  <<: *a\n  <<: *b\n"))
        #expect(diagnostic.rule == "yaml-duplicate-key")
        #expect(diagnostic.message == "a mapping can have only one merge key '<<'")
        #expect(diagnostic.location == at(5, 3))
        #expect(diagnostic.notes.first?.location == at(4, 3))
    }

    // MARK: Syntax errors

    @Test func unclosedFlowSequence() throws {
        let diagnostic = try #require(failure("a: [1, 2\nb: 3\n"))
        #expect(diagnostic.rule == "yaml-syntax")
        #expect(diagnostic.message == "did not find expected ',' or ']' while parsing a flow sequence")
        #expect(diagnostic.location == at(2, 2))
        #expect(diagnostic.notes == [Diagnostic.Note("the flow sequence starts here", at: at(1, 4))])
    }

    @Test func colonInPlainValue() throws {
        let diagnostic = try #require(failure("name: a: b\n"))
        #expect(diagnostic.rule == "yaml-syntax")
        #expect(diagnostic.message == "unexpected ':' here: mapping values are not allowed in this context")
        #expect(diagnostic.location == at(1, 8))
    }

    @Test func characterThatCannotStartAToken() throws {
        let diagnostic = try #require(failure("ok: 1\nname: @users\n"))
        #expect(diagnostic.rule == "yaml-syntax")
        #expect(diagnostic.message == "found character '@' that cannot start any token")
        #expect(diagnostic.location == at(2, 7))
    }

    @Test func tabIndentation() throws {
        let first = try #require(failure("tables:\n\tusers: {}\n"))
        #expect(first.rule == "yaml-syntax")
        #expect(first.message == "tabs are not allowed for indentation in YAML; indent with spaces")
        #expect(first.location == at(2, 1))

        let nested = try #require(failure("a:\n  b: 1\n  \tc: 2\n"))
        #expect(nested.message == "tabs are not allowed for indentation in YAML; indent with spaces")
        #expect(nested.location == at(3, 3))
    }

    @Test func unterminatedQuotedString() throws {
        let diagnostic = try #require(failure("a: 1\nb: \"open\n"))
        #expect(diagnostic.rule == "yaml-syntax")
        #expect(diagnostic.message == "found unexpected end of stream while scanning a quoted scalar")
        #expect(diagnostic.location == at(3, 1))
        #expect(diagnostic.notes.first?.location == at(2, 4))
    }

    // MARK: Alias errors and limits

    @Test func undefinedAlias() throws {
        let diagnostic = try #require(failure("a: 1\nb: *missing\n"))
        #expect(diagnostic.rule == "yaml-alias")
        #expect(diagnostic.message == "undefined alias *missing: no anchor &missing is defined before it")
        #expect(diagnostic.location == at(2, 4))
    }

    @Test func aliasBeforeItsAnchorIsUndefined() throws {
        let diagnostic = try #require(failure("a: *later\nb: &later 1\n"))
        #expect(diagnostic.rule == "yaml-alias")
        #expect(diagnostic.location == at(1, 4))
    }

    @Test func recursiveAlias() throws {
        let diagnostic = try #require(failure("a: &self [1, *self]\n"))
        #expect(diagnostic.rule == "yaml-alias")
        #expect(
            diagnostic.message
                == "alias *self refers to a node that contains it; recursive structures are not supported")
        #expect(diagnostic.location == at(1, 14))
    }

    @Test func billionLaughsIsStoppedQuickly() throws {
        // Each level holds nine aliases to the one before: level i expands to about 9^i nodes.
        var lines = ["a: &a [" + Array(repeating: "lol", count: 9).joined(separator: ", ") + "]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append(
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        let diagnostic = try #require(failure(lines.joined(separator: "\n")))
        #expect(diagnostic.rule == "yaml-alias")
        #expect(
            diagnostic.message
                == "alias *f makes alias expansion exceed 1000000 nodes "
                + "(aliases nested in anchors multiply: a \"billion laughs\" document?)")
        // Expanded so far: 90 + 819 + 7,380 + 66,429 + 597,870 = 672,588; the first *f (597,871 more)
        // crosses the limit.
        #expect(diagnostic.location == at(7, 8))
    }

    @Test func expansionLimitIsConfigurable() throws {
        var limits = YAMLReader.Limits()
        limits.maxExpandedNodes = 10
        let text = "a: &a [1, 2, 3]\nb: *a\nc: *a\nd: *a\n"
        // Each alias adds four nodes (the list and its items): the third alias makes twelve.
        let diagnostic = try #require(failure(text, limits: limits))
        #expect(diagnostic.rule == "yaml-alias")
        #expect(diagnostic.location == at(4, 4))
        limits.maxExpandedNodes = 12
        #expect(try read(text, limits: limits)?.mapping?.count == 4)
    }

    // MARK: Depth

    @Test func tenThousandNestedFlowSequencesFailFast() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let diagnostic = try #require(failure(deep))
        #expect(diagnostic.rule == "yaml-depth")
        #expect(diagnostic.message == "nesting is deeper than 256 levels of lists and mappings")
        #expect(diagnostic.location == at(1, 257))

        // Unclosed, the same input fails the same way, before libyaml reaches the end.
        let unclosed = try #require(failure(String(repeating: "[", count: 10_000)))
        #expect(unclosed.rule == "yaml-depth")
        #expect(unclosed.location == at(1, 257))
    }

    @Test func tenThousandNestedBlockMappingsFailFast() throws {
        // Level n is the key `a:` indented n - 1 spaces on line n (about 50 MB in all).
        let depth = 10_000
        let spaces = [UInt8](repeating: 0x20, count: depth)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(depth * (depth + 7) / 2)
        for level in 0..<depth {
            bytes.append(contentsOf: spaces[0..<level])
            bytes.append(contentsOf: [0x61, 0x3A, 0x0A])
        }
        let diagnostic = try #require(failure(bytes: bytes))
        #expect(diagnostic.rule == "yaml-depth")
        #expect(diagnostic.location == at(257, 257))
    }

    @Test func tenThousandNestedBlockSequencesFailFast() throws {
        let diagnostic = try #require(failure(String(repeating: "- ", count: 10_000) + "x\n"))
        #expect(diagnostic.rule == "yaml-depth")
        #expect(diagnostic.location == at(1, 513))
    }

    @Test func deepNestingWithinARaisedLimitParses() throws {
        var limits = YAMLReader.Limits()
        limits.maxDepth = 10_000
        let deep = String(repeating: "[", count: 10_000) + "x" + String(repeating: "]", count: 10_000)
        var node = try #require(try read(deep, limits: limits))
        var depth = 0
        while let items = node.sequence {
            depth += 1
            node = try #require(items.first)
        }
        #expect(depth == 10_000)
        #expect(node.scalar?.text == "x")
        #expect(node.location == at(1, 10_001))

        limits.maxDepth = 9_999
        #expect(failure(deep, limits: limits)?.location == at(1, 10_000))
    }

    @Test func aliasCannotExceedTheDepthLimit() throws {
        var limits = YAMLReader.Limits()
        limits.maxDepth = 3
        #expect(try read("a: &a [[1]]\n", limits: limits) != nil)
        let diagnostic = try #require(failure("a: &a [[1]]\nb: [*a]\n", limits: limits))
        #expect(diagnostic.rule == "yaml-depth")
        #expect(diagnostic.location == at(2, 5))
    }

    // MARK: Encoding

    @Test func invalidUTF8ReportsTheFirstBadByte() throws {
        var bytes = Array("a: 1\nb: 2\nc: é".utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: Array("x\n".utf8))
        let diagnostic = try #require(failure(bytes: bytes))
        #expect(diagnostic.rule == "yaml-encoding")
        #expect(diagnostic.message == "invalid UTF-8: the byte 0xFF here does not begin a valid UTF-8 character")
        #expect(diagnostic.location == at(3, 5))
    }

    @Test func truncatedAndOverlongSequencesAreInvalid() throws {
        // A lead byte followed by ASCII, an overlong "/", and an encoded surrogate.
        for bad: [UInt8] in [[0xC3, 0x41], [0xC0, 0xAF], [0xED, 0xA0, 0x80]] {
            let diagnostic = try #require(failure(bytes: Array("ok: 1\nk: ".utf8) + bad))
            #expect(diagnostic.rule == "yaml-encoding")
            #expect(diagnostic.location == at(2, 4))
        }
    }

    @Test func utf8ByteOrderMarkIsAccepted() throws {
        let root = try #require(try read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\nb: 2\n".utf8)))
        #expect(root.mapping?.first?.key.location == at(1, 1))
        #expect(root["b"]?.location == at(2, 4))
        #expect(try read(bytes: [0xEF, 0xBB, 0xBF]) == nil)
    }

    @Test func utf16IsRejected() throws {
        let withBOM = try #require(failure(bytes: [0xFF, 0xFE, 0x61, 0x00, 0x3A, 0x00]))
        #expect(withBOM.rule == "yaml-encoding")
        #expect(withBOM.message == "this file is UTF-16 (little-endian) encoded; schemagen reads YAML as UTF-8 only")
        #expect(withBOM.location == at(1, 1))

        let bigEndianNoBOM = try #require(failure(bytes: [0x00, 0x61, 0x00, 0x3A, 0x00, 0x20, 0x00, 0x31]))
        #expect(
            bigEndianNoBOM.message == "this file is UTF-16 (big-endian) encoded; schemagen reads YAML as UTF-8 only")
    }

    @Test func controlCharactersAreRejected() throws {
        let diagnostic = try #require(failure("a: 1\nb: x\u{07}y\n"))
        #expect(diagnostic.rule == "yaml-encoding")
        #expect(diagnostic.message.hasPrefix("character U+0007 is not allowed in YAML"))
        #expect(diagnostic.location == at(2, 5))
    }

    // MARK: Documents

    @Test func emptyAndCommentOnlyFilesHaveNoDocument() throws {
        #expect(try read("") == nil)
        #expect(try read("# nothing here\n\n   # still nothing\n") == nil)
        #expect(try read("---\n") == nil)
        #expect(try read("\n\n") == nil)
    }

    @Test func leadingDocumentMarkerIsOneDocument() throws {
        let root = try #require(try read("# header\n---\na: 1\n...\n"))
        #expect(root["a"]?.location == at(3, 4))
    }

    @Test func secondDocumentIsAnError() throws {
        let diagnostic = try #require(failure("a: 1\n---\nb: 2\n"))
        #expect(diagnostic.rule == "yaml-document")
        #expect(
            diagnostic.message == "a second YAML document starts here; a schemagen file holds exactly one document")
        #expect(diagnostic.location == at(2, 1))
        #expect(diagnostic.notes == [Diagnostic.Note("the first document starts here", at: at(1, 1))])

        // An empty second document counts too.
        #expect(failure("a: 1\n---\n")?.rule == "yaml-document")
    }

    // MARK: Size

    @Test(.timeLimit(.minutes(10))) func largeMappingIsReadInLinearTime() throws {
        // 200,000 keys in one mapping: a nested-loop duplicate check would never finish.
        let count = 200_000
        var text = ""
        text.reserveCapacity(count * 20)
        for index in 0..<count { text += "key_\(index): value_\(index)\n" }
        let pairs = try #require(try expectWithinAMinute("reading 200,000 keys") { try read(text)?.mapping })
        #expect(pairs.count == count)
        #expect(pairs.last?.keyText == "key_\(count - 1)")
        #expect(pairs.last?.key.location == at(count, 1))

        let duplicated = text + "key_7: again\n"
        #expect(expectWithinAMinute("finding the duplicate") { failure(duplicated) }?.location == at(count + 1, 1))
    }

    /// Times a 50 MB schema-like file; run by hand with
    /// `SCHEMAGEN_YAML_BENCH=1 swift test -c release --filter YAMLReaderTests/fiftyMegabytes`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SCHEMAGEN_YAML_BENCH"] != nil))
    func fiftyMegabytes() throws {
        var text = "tables:\n"
        var tables = 0
        while text.utf8.count < 50_000_000 {
            text += """
                  table_\(tables):
                    comment: Table number \(tables)
                    columns:
                      id: { type: uuid, primary_key: true, default: uuid() }
                      name: varchar(50)
                      email: { type: text, unique: true }
                      is_active: { type: bool, default: true }
                      created_at: { type: timestamptz, default: now() }

                """
            tables += 1
        }
        let bytes = Array(text.utf8)
        let start = ContinuousClock.now
        let root = try #require(try read(bytes: bytes))
        let elapsed = ContinuousClock.now - start
        print("YAMLReader: \(bytes.count) bytes, \(tables) tables in \(elapsed)")
        #expect(root["tables"]?.mapping?.count == tables)
    }
}

extension YAMLNode {
    /// The value of the first pair whose key is `key`, for terse tests.
    fileprivate subscript(_ key: String) -> YAMLNode? {
        mapping?.first { $0.keyText == key }?.value
    }
}
