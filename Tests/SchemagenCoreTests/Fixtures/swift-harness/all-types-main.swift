// Compiled with the Swift files generated for the `all-types` case (SwiftGeneratedCodeTests) and run:
// it must print "harness: all checks passed" and exit 0.
import Foundation

var failures: [String] = []

@MainActor func check(_ condition: Bool, _ what: String, line: Int = #line) {
    if !condition { failures.append("line \(line): \(what)") }
}

let decoder = JSONDecoder()
decoder.dateDecodingStrategy = .iso8601
let encoder = JSONEncoder()
encoder.dateEncodingStrategy = .iso8601
encoder.outputFormatting = .sortedKeys

// A full row, as a database driver's JSON would give it: every type, keyword-named columns.
let full = Data(
    #"""
    {"code": "A-1", "small": 1, "regular": 2, "big": 9007199254740993, "flag": true, "price": 12.34,
     "ratio": 0.5, "score": 1.25, "birthday": "2024-02-29", "seen_at": "2024-05-01T12:00:00Z",
     "local_time": "2024-05-01T12:00:00Z", "payload": {"a": [1, null, "x", true], "b": {}},
     "blob": "AQID", "embedding": [0.5, 0.25, 1], "notes": "n", "state": "in-progress", "kind": "b",
     "maybe_small": 7, "maybe_price": 0.1, "maybe_birthday": "1999-12-31", "maybe_seen_at": null,
     "maybe_payload": [], "maybe_blob": null, "maybe_embedding": null,
     "default": "d", "class": 3, "protocol": false, "self": "me", "hash_value": "h", "is_2fa_enabled": true}
    """#.utf8)
let sample = try decoder.decode(TypeSample.self, from: full)
check(sample.id == "A-1", "Identifiable through the key column `code`")
check(sample.big == 9_007_199_254_740_993, "bigint keeps every digit")
check(sample.price == Decimal(string: "12.34"), "decimal \(sample.price)")
check(sample.birthday == DateOnly(year: 2024, month: 2, day: 29), "date")
check(sample.seenAt == Date(timeIntervalSince1970: 1_714_564_800), "timestamptz")
check(sample.payload == ["a": [1, nil, "x", true], "b": [:]], "json \(sample.payload)")
check(sample.blob == Data([1, 2, 3]), "bytes")
check(sample.embedding == [0.5, 0.25, 1], "vector")
check(sample.state == .inProgress && sample.kind == .b, "enums")
check(sample.maybeSeenAt == nil && sample.maybeBlob == nil && sample.maybeEmbedding == nil, "nulls")
check(sample.maybePayload == [], "a nullable JSON column holding an array")
check(sample.default == "d" && sample.class == 3 && sample.protocol == false, "keyword properties")
check(sample.self_ == "me" && sample.hashValue_ == "h" && sample.is2faEnabled, "renamed properties")

// Encoding gives back the column names, and decoding that gives back the same value.
let encoded = try encoder.encode(sample)
let object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any] ?? [:]
for key in ["is_2fa_enabled", "self", "hash_value", "default", "seen_at", "maybe_birthday"] {
    check(object[key] != nil, "encoded key \(key)")
}
check(object["maybe_blob"] == nil, "a nil column is left out")
check(object["birthday"] as? String == "2024-02-29", "DateOnly encodes as YYYY-MM-DD")
check(try decoder.decode(TypeSample.self, from: encoded) == sample, "round trip")

// A minimal row: absent nullable columns decode as nil; the memberwise init defaults them to nil.
let minimal = try decoder.decode(
    TypeSample.self,
    from: Data(
        #"""
        {"code": "B", "small": 0, "regular": 0, "big": 0, "flag": false, "price": 0, "ratio": 0, "score": 0,
         "birthday": "0001-01-01", "seen_at": "1970-01-01T00:00:00Z", "local_time": "1970-01-01T00:00:00Z",
         "payload": null, "blob": "", "embedding": [], "notes": "", "state": "quote\"d", "is_2fa_enabled": false}
        """#.utf8))
let built = TypeSample(
    code: "B", small: 0, regular: 0, big: 0, flag: false, price: 0, ratio: 0, score: 0,
    birthday: DateOnly("0001-01-01")!, seenAt: Date(timeIntervalSince1970: 0),
    localTime: Date(timeIntervalSince1970: 0), payload: nil, blob: Data(), embedding: [], notes: "",
    state: .quoteD, is2faEnabled: false)
check(minimal == built, "absent columns are nil; a JSON null is JSONValue.null")
check(minimal.payload == .null, "JSON null in a non-null json column")

// Enum raw values are the SQL values, whatever the case names became.
check(
    TypeSample.State.allCases.map(\.rawValue)
        == ["pending", "in-progress", "in_progress", "2fa", "default", "self", "Needs Review", "quote\"d"],
    "raw values \(TypeSample.State.allCases.map(\.rawValue))")
check(TypeSample.State(rawValue: "2fa") == ._2fa && TypeSample.State(rawValue: "self") == .self_, "case names")
do {
    _ = try decoder.decode(TypeSample.State.self, from: Data(#""done""#.utf8))
    check(false, "an unknown enum value must not decode")
} catch {}

// DateOnly: validation, order, text, time zones.
check(DateOnly(year: 2023, month: 2, day: 29) == nil && DateOnly(year: 2024, month: 2, day: 29) != nil, "leap years")
check(DateOnly(year: 1900, month: 2, day: 29) == nil && DateOnly(year: 2000, month: 2, day: 29) != nil, "centuries")
check(DateOnly(year: 0, month: 1, day: 1) == nil && DateOnly(year: 2024, month: 13, day: 1) == nil, "ranges")
check(DateOnly("2024-04-31") == nil && DateOnly("2024-4-30") == nil && DateOnly("2024-04-30T00:00") == nil, "text")
check(DateOnly(year: 7, month: 3, day: 9)?.description == "0007-03-09", "zero padding")
check(DateOnly("2024-01-31")! < DateOnly("2024-02-01")! && DateOnly("2023-12-31")! < DateOnly("2024-01-01")!, "order")
let kiritimati = TimeZone(identifier: "Pacific/Kiritimati")!  // UTC+14
let honolulu = TimeZone(identifier: "Pacific/Honolulu")!  // UTC-10
let newYear = DateOnly(year: 2024, month: 1, day: 1)!
let start = newYear.start(in: kiritimati)!
check(DateOnly(start, in: kiritimati) == newYear, "a day's start falls on that day")
check(DateOnly(start, in: honolulu) == DateOnly(year: 2023, month: 12, day: 31), "the same instant elsewhere")
check(try decoder.decode(DateOnly.self, from: Data(#""2024-01-01""#.utf8)) == newYear, "decode")
for bad in ["2023-02-29", "20240101", "2024-01-01Z", " 2024-01-01"] {
    do {
        _ = try decoder.decode(DateOnly.self, from: Data("\"\(bad)\"".utf8))
        check(false, "\(bad) must not decode")
    } catch DecodingError.dataCorrupted(let context) {
        check(context.debugDescription.contains("YYYY-MM-DD") && context.debugDescription.contains(bad), "message")
    } catch {
        check(false, "\(bad): \(error)")
    }
}

// JSONValue: every kind, literals, round trips, and numbers versus booleans.
let value: JSONValue = ["n": nil, "b": true, "i": 1, "d": 2.5, "s": "x", "a": [1, "2"], "o": ["k": false]]
check(try decoder.decode(JSONValue.self, from: encoder.encode(value)) == value, "JSONValue round trip")
check(try decoder.decode(JSONValue.self, from: Data("1".utf8)) == .number(1), "1 is a number")
check(try decoder.decode(JSONValue.self, from: Data("true".utf8)) == .bool(true), "true is a bool")
check(try decoder.decode(JSONValue.self, from: Data(#"{"k": 1, "k2": null}"#.utf8)) == ["k": 1, "k2": nil], "objects")
check(String(decoding: try encoder.encode(JSONValue.null), as: UTF8.self) == "null", "null encodes as null")
let duplicate: JSONValue = ["k": 1, "k": 2]
check(duplicate == ["k": 2], "a repeated literal key keeps the last value")

// Sendable and Hashable, as the conformances promise.
let sendables: [any Sendable] = [sample, value, newYear, TypeSample.State.pending]
check(Set([sample, sample]).count == 1 && sendables.count == 4, "Hashable, Sendable")

if failures.isEmpty {
    print("harness: all checks passed")
} else {
    print(failures.joined(separator: "\n"))
    exit(1)
}
