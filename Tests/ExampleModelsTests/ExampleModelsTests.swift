import ExampleModels
import Foundation
import Testing

/// The example schema's generated models, used the way an app uses them: rows as a database driver
/// hands them over as JSON (Postgres `row_to_json`: timestamps with fractional seconds and an offset,
/// `numeric` as numbers, `date` as `YYYY-MM-DD`, `jsonb` inline), decoded, checked and encoded back.
@Suite struct ExampleModelsTests {
    /// The generated `.databaseTimestamp` strategy: fractional seconds and offsets, as Postgres writes them.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .databaseTimestamp
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .databaseTimestamp
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try decoder.decode(type, from: Data(json.utf8))
    }

    /// Encodes and decodes `value` again, with the generated strategies.
    static func roundTrip<T: Codable & Equatable>(_ value: T) throws -> (T, [String: Any]) {
        let data = try encoder.encode(value)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return (try decoder.decode(T.self, from: data), object)
    }

    static let agentRow = """
        {"created_at": "2024-05-01T12:00:00.250+00:00", "updated_at": "2024-05-02T08:30:00Z",
         "id": "6F0C2D8E-3C1B-4E8A-9E57-2B9F7C1D4A10", "name": "coder-1", "agent_type": "coder",
         "model_config": {"model": "m", "temperature": 0.2, "tools": ["git", null], "limits": {"max_tokens": 4096}},
         "system_prompt": null, "rules_file_path": null, "is_active": true, "project_id": null}
        """

    @Test func decodesARowWithNullsAnEnumAndJSON() throws {
        let agent = try Self.decode(Agent.self, Self.agentRow)
        #expect(agent.id == UUID(uuidString: "6f0c2d8e-3c1b-4e8a-9e57-2b9f7c1d4a10"))
        #expect(agent.agentType == .coder)
        #expect(agent.systemPrompt == nil && agent.rulesFilePath == nil && agent.projectId == nil)
        #expect(agent.isActive)
        #expect(
            agent.modelConfig
                == ["model": "m", "temperature": 0.2, "tools": ["git", nil], "limits": ["max_tokens": 4096]])
        #expect(agent.createdAt == Date(timeIntervalSince1970: 1_714_564_800.25))
    }

    @Test func decodesDatesAndDecimalsExactly() throws {
        let usage = try Self.decode(
            TokenUsage.self,
            """
            {"id": "0D8F5C1E-7A4B-4C2D-8E9F-1A2B3C4D5E6F", "timestamp": "2024-02-29T23:59:59.999999+00:00",
             "usage_date": "2024-02-29", "user_id": null, "agent_id": null, "agent_type": "reviewer",
             "conversation_id": null, "message_id": null, "project_id": null, "task_id": null, "model": "m",
             "tokens_in": 1200, "tokens_out": 345, "cost_usd": 0.001234, "request_duration_ms": null,
             "was_cached": false}
            """)
        #expect(usage.usageDate == DateOnly(year: 2024, month: 2, day: 29))
        #expect(usage.usageDate.description == "2024-02-29")
        #expect(usage.costUsd == Decimal(string: "0.001234"))
        #expect(usage.agentType == .reviewer)
        #expect(usage.tokensIn == 1200 && usage.tokensOut == 345 && usage.requestDurationMs == nil)
    }

    @Test func anInvalidDateOrAnUnknownEnumValueDoesNotDecode() throws {
        let row = """
            {"id": "0D8F5C1E-7A4B-4C2D-8E9F-1A2B3C4D5E6F", "timestamp": "2024-03-01T00:00:00Z",
             "usage_date": "DATE", "model": "m", "tokens_in": 1, "tokens_out": 1, "cost_usd": 0, "was_cached": false}
            """
        for (date, agentType) in [("2023-02-29", "coder"), ("2024-03-01T00:00:00Z", "coder"), ("2024-03-01", "boss")] {
            let json = row.replacing("\"DATE\"", with: "\"\(date)\", \"agent_type\": \"\(agentType)\"")
            #expect(throws: DecodingError.self) { try Self.decode(TokenUsage.self, json) }
        }
        let valid = row.replacing("\"DATE\"", with: "\"2024-03-01\"")
        #expect(try Self.decode(TokenUsage.self, valid).agentType == nil)
    }

    @Test func encodesBackToTheColumnNames() throws {
        let agent = try Self.decode(Agent.self, Self.agentRow)
        let (decoded, object) = try Self.roundTrip(agent)
        #expect(decoded == agent)
        #expect(object["agent_type"] as? String == "coder")
        // Milliseconds survive, in UTC, as the SQLite DDL's now() default writes them.
        #expect(object["created_at"] as? String == "2024-05-01T12:00:00.250Z")
        #expect(object["updated_at"] as? String == "2024-05-02T08:30:00.000Z")
        #expect(object["model_config"] is [String: Any])
        #expect(object["system_prompt"] == nil, "nil columns are left out")
        #expect(object.keys.allSatisfy { !$0.contains(where: \.isUppercase) })
        // The row came with capitals; the model writes small letters, as both databases do, so
        // that a `varchar(36)` key written by the app equals the one the database wrote.
        #expect(object["id"] as? String == "6f0c2d8e-3c1b-4e8a-9e57-2b9f7c1d4a10")
        let project = UUID()
        var child = agent
        child.projectId = project
        let (_, written) = try Self.roundTrip(child)
        #expect(written["project_id"] as? String == project.uuidString.lowercased())
    }

    /// `.databaseTimestamp` reads what each database writes: SQLite's default, Postgres's
    /// microseconds and offsets, whole seconds; and it refuses what is not a timestamp.
    @Test func databaseTimestampReadsBothDatabases() throws {
        let base = Date(timeIntervalSince1970: 1_714_564_800)
        for (text, expected) in [
            ("2024-05-01T12:00:00.250Z", base + 0.25), ("2024-05-01T14:00:00.5+02:00", base + 0.5),
            ("2024-05-01T12:00:00Z", base), ("2024-05-01T12:00:00+00:00", base),
            // A `timestamp` column has no zone: read as UTC.
            ("2024-05-01T12:00:00.5", base + 0.5), ("2024-05-01T12:00:00", base),
            // SQLite's CURRENT_TIMESTAMP and Postgres's text form put a space before the time.
            ("2024-05-01 12:00:00", base), ("2024-05-01 14:00:00+02", base),
        ] {
            let date = try Self.decoder.decode(Date.self, from: Data("\"\(text)\"".utf8))
            #expect(abs(date.timeIntervalSince(expected)) < 0.000_001, "\(text)")
        }
        let micro = try Self.decoder.decode(Date.self, from: Data(#""2024-05-01T12:00:00.123456Z""#.utf8))
        #expect(abs(micro.timeIntervalSince(base) - 0.123) < 0.001)
        #expect(throws: DecodingError.self) { try Self.decoder.decode(Date.self, from: Data(#""yesterday""#.utf8)) }
    }

    @Test func enumRawValuesAreTheSchemaValues() throws {
        #expect(TaskStatus.inProgress.rawValue == "in_progress")
        #expect(try Self.decode([TaskStatus].self, #"["in_progress", "pending"]"#) == [.inProgress, .pending])
        #expect(AgentKind.allCases.map(\.rawValue) == ["orchestrator", "architect", "coder", "tester", "reviewer"])
    }

    @Test func modelsAreBuiltWithTheMemberwiseInitializer() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let task = ProjectTask(
            createdAt: now, updatedAt: now, id: UUID(), title: "Write tests", status: .pending, priority: .high,
            projectId: UUID(), totalTokensUsed: 0, totalCostUsd: Decimal(string: "1.50")!)
        #expect(task.description == nil && task.assignedToAgentId == nil && task.completedAt == nil)
        let (decoded, object) = try Self.roundTrip(task)
        #expect(decoded == task)
        #expect(object["total_cost_usd"] as? Double == 1.5)
        // Identifiable and Hashable, as a SwiftUI list or a set needs them.
        #expect(Set([task, decoded]).count == 1)
        #expect(Dictionary(grouping: [task], by: \.id).count == 1)
    }
}
