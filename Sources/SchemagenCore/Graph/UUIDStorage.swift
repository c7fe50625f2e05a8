/// How Postgres stores `uuid` columns (`postgres.uuid_type`): the native type, or `varchar(36)` as
/// seed 000 does, which takes any text and so needs an implicit check (`ImplicitCheck.Policy`).
public enum UUIDStorage: String, Sendable, Hashable, Codable {
    case uuid
    case varchar36 = "varchar(36)"
}
