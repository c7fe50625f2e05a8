import Foundation

/// Where `schemagen migrate` connects: a PostgreSQL server or a SQLite file, read from
/// `--database` or `DATABASE_URL`.
///
/// - `postgres://user:password@host:5432/dbname` or `postgresql://…`; parts may be left out
///   (libpq's defaults then apply: the local socket, the user's name), and percent-encoded.
/// - `postgres:///dbname?host=/var/run/postgresql`: a unix socket directory as the `host`
///   parameter (or percent-encoded in the host part); other parameters (`sslmode=require`,
///   `connect_timeout=5`) pass to libpq as they are.
/// - `sqlite:path/to/file.db` (relative to the working directory), `sqlite:///abs/path.db` or
///   `sqlite://relative.db`; `sqlite::memory:` for a private in-memory database.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    case postgres(PostgresAddress)
    case sqlite(path: String)

    public var kind: DatabaseKind {
        switch self {
        case .postgres: .postgres
        case .sqlite: .sqlite
        }
    }

    public init(parsing text: String) throws(DatabaseURLError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let rest = trimmed.dropPrefix("sqlite:") {
            var path = String(rest)
            // `sqlite:///abs` is the absolute path /abs; `sqlite://rel` a relative one.
            if let absolute = path.dropPrefix("///") {
                path = "/" + String(absolute)
            } else if let relative = path.dropPrefix("//") {
                path = String(relative)
            }
            guard !path.isEmpty else { throw DatabaseURLError(url: text, reason: "names no file after `sqlite:`") }
            self = .sqlite(path: PercentDecoding.decode(path) ?? path)
            return
        }
        for scheme in ["postgres://", "postgresql://"] {
            if let rest = trimmed.dropPrefix(scheme) {
                self = .postgres(try PostgresAddress(parsing: String(rest), url: text))
                return
            }
        }
        throw DatabaseURLError(
            url: text, reason: "is neither `postgres://…` / `postgresql://…` nor `sqlite:path/to/file.db`")
    }

    /// The URL without its password, for messages and progress lines.
    public var description: String {
        switch self {
        case .postgres(let address): address.description
        case .sqlite(let path): "sqlite:\(path)"
        }
    }
}

/// Which kind of database a URL names.
public enum DatabaseKind: String, Sendable, Hashable, CaseIterable {
    case postgres, sqlite
}

/// A `postgres://` URL's parts, percent-decoded.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name, an address, or a unix socket directory (starts with `/`); `nil`: libpq's default.
    public var host: String?
    public var port: Int?
    public var user: String?
    public var password: String?
    public var database: String?
    /// The query's other parameters, in written order, passed to libpq as connection keywords.
    public var parameters: [(key: String, value: String)]

    public init(
        host: String? = nil, port: Int? = nil, user: String? = nil, password: String? = nil, database: String? = nil,
        parameters: [(key: String, value: String)] = []
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.parameters = parameters
    }

    init(parsing rest: String, url: String) throws(DatabaseURLError) {
        self.init()
        let decode = { (part: Substring, what: String) throws(DatabaseURLError) -> String in
            guard let decoded = PercentDecoding.decode(String(part)) else {
                throw DatabaseURLError(url: url, reason: "has a bad percent escape in its \(what)")
            }
            return decoded
        }
        var body = Substring(rest)
        if let question = body.firstIndex(of: "?") {
            for pair in body[body.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = try decode(parts[0], "query")
                let value = parts.count > 1 ? try decode(parts[1], "query") : ""
                switch key {
                case "host": host = value
                case "port":
                    guard let number = Int(value), (1...65535).contains(number) else {
                        throw DatabaseURLError(url: url, reason: "has port `\(value)`, not a number from 1 to 65535")
                    }
                    port = number
                case "user": user = value
                case "password": password = value
                case "dbname": database = value
                default: parameters.append((key, value))
                }
            }
            body = body[..<question]
        }
        var authority = body
        if let slash = body.firstIndex(of: "/") {
            authority = body[..<slash]
            let name = body[body.index(after: slash)...]
            if !name.isEmpty { database = try decode(name, "database name") }
        }
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try decode(credentials[..<colon], "user")
                password = try decode(credentials[credentials.index(after: colon)...], "password")
            } else if !credentials.isEmpty {
                user = try decode(credentials, "user")
            }
        }
        // `[::1]:5432`, `host:5432`, `host`, or a percent-encoded socket directory.
        var hostPart = authority
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if let portText = after.dropPrefix(":") { port = try Self.port(portText, url: url) }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            port = try Self.port(authority[authority.index(after: colon)...], url: url)
        }
        if !hostPart.isEmpty { host = try decode(hostPart, "host") }
    }

    private static func port(_ text: Substring, url: String) throws(DatabaseURLError) -> Int? {
        if text.isEmpty { return nil }
        guard let number = Int(text), (1...65535).contains(number) else {
            throw DatabaseURLError(url: url, reason: "has port `\(text)`, not a number from 1 to 65535")
        }
        return number
    }

    /// libpq's connection keywords, in the order libpq reads them (a later one wins).
    public var keywords: [(key: String, value: String)] {
        var result: [(String, String)] = []
        if let host { result.append(("host", host)) }
        if let port { result.append(("port", String(port))) }
        if let user { result.append(("user", user)) }
        if let password { result.append(("password", password)) }
        if let database { result.append(("dbname", database)) }
        return result + parameters
    }

    /// `postgres://user@host:port/db?…` without the password.
    public var description: String {
        var text = "postgres://"
        if let user { text += user + (password == nil ? "" : ":***") + "@" }
        if let host, !host.hasPrefix("/") { text += host.contains(":") ? "[\(host)]" : host }
        if let port { text += ":\(port)" }
        text += "/" + (database ?? "")
        var query = parameters
        if let host, host.hasPrefix("/") { query.insert(("host", host), at: 0) }
        if !query.isEmpty { text += "?" + query.map { "\($0.key)=\($0.value)" }.joined(separator: "&") }
        return text
    }

    public static func == (lhs: PostgresAddress, rhs: PostgresAddress) -> Bool {
        lhs.keywords.map { [$0.key, $0.value] } == rhs.keywords.map { [$0.key, $0.value] }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in keywords {
            hasher.combine(key)
            hasher.combine(value)
        }
    }
}

/// A URL that names no database schemagen can reach.
public struct DatabaseURLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var url: String
    public var reason: String

    public var description: String {
        "the database URL \(Self.redacted(url)) \(reason)"
    }

    /// `url` with whatever stands between `://user:` and `@` hidden.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@"),
            let colon = url[scheme.upperBound..<at].firstIndex(of: ":")
        else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}

enum PercentDecoding {
    /// `%2F` → `/`; `nil` when an escape is not two hex digits or the bytes are not UTF-8.
    static func decode(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        return String(bytes: bytes, encoding: .utf8)
    }
}

extension StringProtocol {
    fileprivate func dropPrefix(_ prefix: String) -> SubSequence? {
        hasPrefix(prefix) ? self[index(startIndex, offsetBy: prefix.count)...] : nil
    }
}
