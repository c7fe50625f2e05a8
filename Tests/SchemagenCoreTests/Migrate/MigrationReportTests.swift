import Testing

@testable import SchemagenCore

/// What `schemagen migrate` prints: colour only when asked, a line per migration, the summary.
@Suite struct MigrationReportTests {
    static let step = MigrationStep(
        id: MigrationID(number: 2, name: "add_points"), direction: .up, duration: .milliseconds(1234),
        rowsTouched: 1)

    @Test func plainAndColouredLines() {
        #expect(MigrationReport(color: false).line(Self.step) == "  up    0002_add_points  1.2 s, 1 row")
        #expect(
            MigrationReport(color: true).line(Self.step) == "  \u{1B}[32mup  \u{1B}[0m  0002_add_points  1.2 s, 1 row")
        var down = Self.step
        down.direction = .down
        down.rowsTouched = 0
        down.duration = .milliseconds(7)
        #expect(MigrationReport(color: false).line(down) == "  down  0002_add_points  7 ms")
        down.recordedDown = true
        #expect(
            MigrationReport(color: false).line(down)
                == "  down  0002_add_points  7 ms (with the down recorded when it was applied: its file is gone or changed)"
        )
        // A failed migration's line, which replaces its running line on a terminal.
        #expect(MigrationReport(color: false).failed(Self.step.id, .up) == "  up    0002_add_points  failed")
        #expect(
            MigrationReport(color: true).failed(Self.step.id, .down)
                == "  down  0002_add_points  \u{1B}[31mfailed\u{1B}[0m")
        // NO_COLOR, or no terminal: no colour.
        #expect(!DiagnosticFormatter.allowsColor(onTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!DiagnosticFormatter.allowsColor(onTerminal: false, environment: [:]))
    }

    @Test func summaries() {
        let report = MigrationReport(color: false)
        let applied = MigrationRunSummary(
            steps: [Self.step, Self.step], version: Self.step.id, tables: 3, rowsTouched: 2)
        #expect(
            report.summary(applied)
                == "database at 0002_add_points, 3 tables; 2 migrations applied in 2.4 s, 2 rows touched")
        let nothing = MigrationRunSummary(steps: [], version: nil, tables: 0, rowsTouched: 0)
        #expect(report.summary(nothing) == "nothing to do: the database is empty (no migration applied), 0 tables")
    }

    /// The state column is wider than its longest word, so that an identity never runs into it.
    @Test func statusColumnsAreSpaced() {
        let folder = MigrationRunnerEdgeTests.folder([("a", "BEGIN;\nCOMMIT;\n"), ("b", "BEGIN;\nCOMMIT;\n")])
        let record = MigrationTable.Record(
            version: 1, name: "a", checksum: folder.migrations[0].checksum, appliedAt: "2026-01-01T00:00:00Z",
            durationMilliseconds: nil)
        let lines = MigrationReport(color: false).status(MigrationState(folder: folder, records: [record]))
        #expect(lines == ["  UNFINISHED 0001_a  2026-01-01T00:00:00Z", "  pending    0002_b"])
    }
}
