import Foundation
import Testing

@testable import SchemagenCore

@Suite struct DatabaseURLTests {
    @Test func postgresURLsGiveLibpqTheirParts() throws {
        let url = try DatabaseURL(parsing: "postgres://app:s%40cret@db.example.com:6543/shop?sslmode=require")
        guard case .postgres(let address) = url else { throw MigrateTestFailure("not postgres: \(url)") }
        #expect(address.host == "db.example.com")
        #expect(address.port == 6543)
        #expect(address.user == "app")
        #expect(address.password == "s@cret")
        #expect(address.database == "shop")
        #expect(address.keywords.map(\.key) == ["host", "port", "user", "password", "dbname", "sslmode"])
        #expect(url.description == "postgres://app:***@db.example.com:6543/shop?sslmode=require")
        #expect(url.kind == .postgres)
    }

    @Test func aSocketDirectoryIsTheHostParameterOrAnEncodedHost() throws {
        let query = try DatabaseURL(parsing: "postgresql:///shop?host=/var/run/postgresql&user=me")
        #expect(query == .postgres(PostgresAddress(host: "/var/run/postgresql", user: "me", database: "shop")))
        let encoded = try DatabaseURL(parsing: "postgres://%2Ftmp%2Fpg:5433/shop")
        #expect(encoded == .postgres(PostgresAddress(host: "/tmp/pg", port: 5433, database: "shop")))
        let ipv6 = try DatabaseURL(parsing: "postgres://[::1]:5432/x")
        #expect(ipv6 == .postgres(PostgresAddress(host: "::1", port: 5432, database: "x")))
    }

    @Test func sqliteURLsNameAFile() throws {
        #expect(try DatabaseURL(parsing: "sqlite:data/app.db") == .sqlite(path: "data/app.db"))
        #expect(try DatabaseURL(parsing: "sqlite:///var/db/app.db") == .sqlite(path: "/var/db/app.db"))
        #expect(try DatabaseURL(parsing: "sqlite://app.db") == .sqlite(path: "app.db"))
        #expect(try DatabaseURL(parsing: "sqlite:app.db").kind == .sqlite)
    }

    @Test func badURLsSayWhatIsWrongWithoutThePassword() {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL(parsing: "mysql://x") }
        #expect(throws: DatabaseURLError.self) { try DatabaseURL(parsing: "sqlite:") }
        do {
            _ = try DatabaseURL(parsing: "postgres://me:topsecret@host:99999/db")
            Issue.record("a port of 99999 was accepted")
        } catch {
            #expect(error.description.contains("99999"))
            #expect(!error.description.contains("topsecret"))
        }
    }

    @Test func theEnvironmentWinsOverDotEnv() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dotenv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try DatabaseEnvironment.databaseURL(environment: [:], projectRoot: root) == nil)
        try """
        # the developer's database
        OTHER=1
        export DATABASE_URL="sqlite:dev.db" # a comment
        """.write(to: root.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
        let fromFile = try DatabaseEnvironment.databaseURL(environment: [:], projectRoot: root)
        #expect(fromFile?.text == "sqlite:dev.db")
        #expect(fromFile?.source == ".env:3")
        let fromEnvironment = try DatabaseEnvironment.databaseURL(
            environment: ["DATABASE_URL": "postgres:///prod"], projectRoot: root)
        #expect(fromEnvironment?.text == "postgres:///prod")
        #expect(fromEnvironment?.source == "$DATABASE_URL")
    }

    @Test func dotEnvValues() throws {
        let entries = try DotEnv.parse("A=plain # note\nB='single # kept'\nC=\"line\\nbreak\"\n  \nnoequals\nD=")
        #expect(entries.map(\.key) == ["A", "B", "C", "D"])
        #expect(entries.map(\.value) == ["plain", "single # kept", "line\nbreak", ""])
    }

    /// A quote that its line does not close is an error at the quote, not a value read up to the
    /// end of the line.
    @Test func anUnterminatedQuoteInDotEnvIsAnErrorAtTheQuote() {
        #expect(
            throws: DotEnv.Error(
                line: 2, column: 24,
                message:
                    "DATABASE_URL's value opens a \" quote that this line does not close (a value spans one line; write a line break as \\n inside double quotes)"
            )
        ) {
            try DotEnv.parse("A=1\n  export DATABASE_URL= \"sqlite:dev.db\n")
        }
        #expect(throws: DotEnv.Error.self) { try DotEnv.parse("B='open") }
        #expect(
            "\(DotEnv.Error(line: 3, column: 14, message: "m"))" == ".env:3:14: m")
    }
}

struct MigrateTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
