import Testing

@testable import SchemagenCore

@Suite struct SwiftNamesTests {
    let names = SwiftNames()

    @Test(arguments: [
        ("agents", "Agent"), ("agent_memory", "AgentMemory"), ("github_issues", "GithubIssue"),
        ("budget_limits", "BudgetLimit"), ("policies", "Policy"), ("analyses", "Analysis"),
        ("statuses", "Status"), ("token_usage", "TokenUsage"), ("tasks", "TaskRecord"),
        ("notifications", "NotificationRecord"), ("addresses", "Address"), ("boxes", "Box"),
        ("batches", "Batch"), ("people", "Person"), ("cost_records", "CostRecord"), ("archives", "Archive"),
        ("cookies", "Cookie"), ("caches", "Cache"), ("aliases", "Alias"), ("databases", "Database"),
        ("responses", "Response"), ("series", "Series"), ("conversation_histories", "ConversationHistory"),
        ("api_keys", "ApiKey"), ("data", "DataRecord"), ("types", "TypeRecord"), ("results", "ResultRecord"),
        ("json_values", "JsonValue"), ("date_onlies", "DateOnlyRecord"), ("3d_models", "_3dModel"),
    ])
    func tableTypeNames(table: String, typeName: String) {
        #expect(names.typeName(forTable: table) == typeName)
    }

    @Test func derivedNameKeepsTheShadowingNameForTheLintRule() {
        #expect(names.derivedTypeName(forTable: "tasks") == "Task")
        #expect(SwiftNames.shadowsStandardType("Task"))
        #expect(!SwiftNames.shadowsStandardType("Agent"))
    }

    @Test func swiftNameOverridesTheDerivedName() {
        let location = SourceLocation(file: "schema/a.yaml", line: 1, column: 1)
        let table = Table(
            name: "tasks", columns: [], swiftName: "Job", file: "schema/a.yaml", location: location)
        #expect(names.typeName(for: table) == "Job")
    }

    @Test func massNounsComeFromTheConfiguration() {
        var config = Config()
        config.rules.massNouns.append("staffing")
        #expect(SwiftNames(config: config).singularize("staffing") == "staffing")
        #expect(SwiftNames(massNouns: []).singularize("memory") == "memory")
        #expect(SwiftNames(massNouns: []).typeName(forTable: "news_items") == "NewsItem")
        #expect(SwiftNames(massNouns: []).singularize("billings") == "billing")
    }

    @Test(arguments: [
        ("policies", "policy"), ("analyses", "analysis"), ("statuses", "status"), ("status", "status"),
        ("analysis", "analysis"), ("address", "address"), ("classes", "class"), ("wolves", "wolf"),
        ("archives", "archive"), ("heroes", "hero"), ("shoes", "shoe"), ("quizzes", "quiz"),
        ("buzzes", "buzz"), ("indexes", "index"), ("indices", "index"), ("criteria", "criterion"),
        ("memory", "memory"), ("usage", "usage"), ("POLICIES", "POLICY"), ("Agents", "Agent"),
        ("bus", "bus"), ("buses", "bus"), ("uses", "use"), ("lenses", "lens"), ("is", "is"),
    ])
    func singularize(plural: String, singular: String) {
        #expect(names.singularize(plural) == singular)
    }

    @Test func singularTableNameChangesOnlyTheLastWord() {
        #expect(names.singularTableName("github_issues") == "github_issue")
        #expect(names.singularTableName("statuses_histories") == "statuses_history")
        #expect(names.singularTableName("agent_memory") == "agent_memory")
    }

    @Test(arguments: [
        ("created_at", "createdAt"), ("is_2fa_enabled", "is2faEnabled"), ("id", "id"), ("url", "url"),
        ("html_url", "htmlUrl"), ("HTTP_STATUS", "httpStatus"), ("createdAt", "createdAt"),
        ("default", "`default`"), ("class", "`class`"), ("protocol", "`protocol`"), ("self", "self_"),
        ("hash_value", "hashValue_"), ("in", "`in`"), ("type", "type"), ("open", "open"),
        ("2fa_secret", "_2faSecret"), ("", "value"),
    ])
    func propertyNames(column: String, property: String) {
        #expect(SwiftNames.propertyName(forColumn: column) == property)
    }

    @Test(arguments: [
        ("pending", "pending"), ("in_progress", "inProgress"), ("in-progress", "inProgress"),
        ("2fa", "_2fa"), ("default", "`default`"), ("self", "self_"), ("ACTIVE", "active"),
        ("Needs Review", "needsReview"), ("", "empty"), ("+", "value"), ("é-clair", "éClair"),
        ("URLValue", "urlValue"),
    ])
    func caseNames(value: String, caseName: String) {
        #expect(SwiftNames.caseName(forValue: value) == caseName)
    }

    @Test func caseNamesOfOneEnumAreDistinct() {
        #expect(
            SwiftNames.caseNames(forValues: ["in-progress", "in_progress", "inProgress", "default"])
                == ["inProgress", "inProgress2", "inProgress3", "`default`"])
    }

    @Test func enumTypeNamesArePascalCaseAndNeverShadow() {
        #expect(names.typeName(forEnum: "agent_kind") == "AgentKind")
        #expect(names.typeName(forEnum: "statuses") == "Statuses")
        #expect(names.typeName(forEnum: "result") == "ResultValue")
    }

    @Test func keywordsAreEscapedAndUnescaped() {
        for keyword in ["default", "class", "protocol", "func", "case", "Self", "Any", "true", "nil", "_"] {
            #expect(SwiftNames.escaped(keyword) == "`\(keyword)`")
            #expect(SwiftNames.unescaped(SwiftNames.escaped(keyword)) == keyword)
        }
        for word in ["status", "open", "get", "set", "some", "any", "none", "type"] {
            #expect(SwiftNames.escaped(word) == word)
        }
    }

    @Test func standardTypeNamesCoverTheBrief() {
        let brief = [
            "Task", "Data", "Date", "Error", "Notification", "Result", "URL", "UUID", "Decimal", "String", "Int",
            "Array", "Set", "Dictionary", "Optional", "Never", "Character", "Bool", "Double", "Float", "Thread",
            "Timer", "Locale", "Calendar", "Bundle", "Process", "Operation", "Expression", "Predicate",
            "Measurement", "Unit", "Codable", "Identifiable", "Hashable", "Sendable", "Actor", "Void", "Any",
            "Type", "Protocol", "Self", "JSONValue", "DateOnly",
        ]
        #expect(brief.filter { !SwiftNames.standardTypeNames.contains($0) } == [])
    }

    @Test(arguments: [
        ("agent_kind", ["agent", "kind"]), ("createdAt", ["created", "At"]), ("HTTPStatus", ["HTTP", "Status"]),
        ("in-progress", ["in", "progress"]), ("__a__b", ["a", "b"]), ("is_2fa", ["is", "2fa"]),
    ])
    func words(name: String, words: [String]) {
        #expect(SwiftNames.words(name) == words)
    }

    /// `camelCase`'s byte route for ASCII names, and `propertyName`'s byte check of a leading digit,
    /// give what the word and `Character` rules give, on random names of letters in both cases,
    /// digits, separators, CR LF and some non-ASCII.
    @Test func propertyNamesFromBytesAreTheWordRule() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "a", "b", "z", "A", "B", "Z", "x", "X", "0", "1", "9", "_", "-", " ", ".", "$", "\r\n", "\r", "id", "ID",
            "self", "hashValue", "class", "HTTP", "Url", "é", "1\u{301}", "Σ",
        ]
        let ascii = pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        func reference(_ name: String) -> String {
            var identifier = SwiftNames.wordCamelCase(name)
            if identifier.isEmpty {
                identifier = "value"
            } else if identifier.first!.isNumber {
                identifier = "_" + identifier
            }
            if identifier == "self" || identifier == "hashValue" { identifier += "_" }
            return SwiftNames.escaped(identifier)
        }
        for round in 0..<6_000 {
            let alphabet = round % 2 == 0 ? ascii : pieces
            let name = (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement()! }.joined()
            #expect(SwiftNames.camelCase(name) == SwiftNames.wordCamelCase(name), "\(name.debugDescription)")
            #expect(SwiftNames.propertyName(forColumn: name) == reference(name), "\(name.debugDescription)")
        }
    }
}
