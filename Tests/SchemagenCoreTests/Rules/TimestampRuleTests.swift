import SchemagenCore
import Testing

@Suite struct TimestampRuleTests {
    typealias F = LintFixture

    // MARK: timestamp-tz

    @Test func timestampWithoutZoneIsReported() {
        let table = F.table("events", line: 1, columns: [F.column("happened_at", .timestamp, line: 4, nullable: true)])
        #expect(
            F.findings("timestamp-tz", [table]) == ["4:7: error: column 'happened_at' is a timestamp without time zone"]
        )
        #expect(F.fixes("timestamp-tz", [table]) == ["use `type: timestamptz?`"])
    }

    @Test func timestamptzIsQuiet() {
        let table = F.table("events", line: 1, columns: [F.column("happened_at", .timestamptz, line: 4)])
        #expect(F.findings("timestamp-tz", [table]) == [])
    }

    // MARK: timestamps

    @Test func missingTimestampsAreReported() {
        let webhooks = F.table("webhooks", line: 1, withTimestamps: false)
        #expect(
            F.findings("timestamps", [webhooks]) == ["1:3: error: table 'webhooks' has no created_at and updated_at"])
        let notifications = F.table(
            "notifications", line: 10,
            columns: [F.column("created_at", .timestamptz, line: 12, default: .now)], withTimestamps: false)
        #expect(F.findings("timestamps", [notifications]) == ["10:3: error: table 'notifications' has no updated_at"])
        #expect(
            F.fixes("timestamps", [notifications]).first
                == "add `updated_at: { type: timestamptz, default: now(), auto_update: true }`")
    }

    @Test func timestampsOfAnotherTypeAreReported() {
        let table = F.table(
            "events", line: 1,
            columns: [
                F.column("created_at", .date, line: 4),
                F.column("updated_at", .timestamp, line: 5, default: .now, autoUpdate: true),
            ], withTimestamps: false)
        // `timestamp` (without zone) is timestamp-tz's finding, not a second one here.
        #expect(
            F.findings("timestamps", [table]) == ["4:7: error: column 'created_at' is date; it should be timestamptz"])
        #expect(F.findings("timestamp-tz", [table]).count == 1)
    }

    @Test func nullableTimestampsAreReported() {
        // Seed 002 writes `created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()` without NOT NULL.
        let table = F.table(
            "events", line: 1,
            columns: [
                F.column("created_at", .timestamptz, line: 4, nullable: true, default: .now),
                F.column("updated_at", .timestamptz, line: 5, nullable: true, autoUpdate: true),
            ], withTimestamps: false)
        #expect(
            F.findings("timestamps", [table]) == [
                "4:7: error: column 'created_at' is nullable; every row has one",
                "5:7: error: column 'updated_at' is nullable; every row has one",
            ])
        #expect(F.fixes("timestamps", [table]) == ["drop `nullable: true` (or the `?`); `default: now()` fills it in"])
        let withoutDefault = F.table(
            "events", line: 1,
            columns: [
                F.column("created_at", .timestamptz, line: 4),
                F.column("updated_at", .timestamptz, line: 5, nullable: true, autoUpdate: true),
            ], withTimestamps: false)
        #expect(
            F.fixes("timestamps", [withoutDefault]) == ["drop `nullable: true` (or the `?`) and add `default: now()`"])
    }

    @Test func otherNullableTimestampsAreQuiet() {
        let table = F.table(
            "tasks", line: 1, columns: [F.column("completed_at", .timestamptz, line: 4, nullable: true)])
        #expect(F.findings("timestamps", [table]) == [])
    }

    @Test func tableWithTimestampsIsQuiet() {
        #expect(F.findings("timestamps", [F.users]) == [])
    }

    // MARK: updated-at

    @Test func updatedAtWithoutDefaultOrTriggerIsReported() {
        let table = F.table(
            "events", line: 1,
            columns: [
                F.column("created_at", .timestamptz, line: 4, default: .now),
                F.column("updated_at", .timestamptz, line: 5),
            ], withTimestamps: false)
        #expect(
            F.findings("updated-at", [table]) == [
                "5:7: warning: 'updated_at' has no now() default and is not auto-updated"
            ])
        #expect(F.fixes("updated-at", [table]) == ["add `default: now()` and `auto_update: true`"])
    }

    @Test func updatedAtWithoutTriggerIsReported() {
        let table = F.table(
            "events", line: 1,
            columns: [
                F.column("created_at", .timestamptz, line: 4, default: .now),
                F.column("updated_at", .timestamptz, line: 5, default: .now),
            ], withTimestamps: false)
        #expect(F.findings("updated-at", [table]) == ["5:7: warning: 'updated_at' is not auto-updated"])
    }

    @Test func conventionalUpdatedAtIsQuiet() {
        #expect(F.findings("updated-at", [F.users]) == [])
    }
}
