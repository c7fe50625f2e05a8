/// Something the schema says *about* a part of the graph that the database does not hold: where it
/// was written, the mixin it came from, a name it used to have, why a convention is excused.
///
/// Annotations serve findings and the differ's rename detection, but they are not part of what a
/// table or a column *is*: they take no part in `==`, in hashing or in a snapshot. One blank line
/// added at the top of a YAML file moves every later column, and must not change the schema.
@propertyWrapper
public struct Annotation<Value: Sendable & AnnotationDefault>: Sendable, Hashable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// The value an annotation has when a part is read back from a snapshot, which keeps none.
public protocol AnnotationDefault {
    static var annotationDefault: Self { get }
}

extension SourceLocation: AnnotationDefault {
    /// No position: a part read back from a snapshot was not written anywhere in this run.
    public static var annotationDefault: SourceLocation { SourceLocation(file: "", line: 0, column: 0) }
}

extension Optional: AnnotationDefault {
    public static var annotationDefault: Self { nil }
}

extension Array: AnnotationDefault {
    public static var annotationDefault: Self { [] }
}

extension Dictionary: AnnotationDefault {
    public static var annotationDefault: Self { [:] }
}

extension String: AnnotationDefault {
    public static var annotationDefault: String { "" }
}

extension Int: AnnotationDefault {
    public static var annotationDefault: Int { 0 }
}

extension Bool: AnnotationDefault {
    public static var annotationDefault: Bool { false }
}

// Annotations are left out of the encoded form, and take their default when decoded. The
// synthesized `Codable` of a graph type calls these overloads for its annotated properties,
// because they are more specific than the generic ones.
extension Annotation: Encodable {
    public func encode(to encoder: any Encoder) throws {}
}

extension Annotation: Decodable {
    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: .annotationDefault)
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<Value>(_ value: Annotation<Value>, forKey key: Key) throws {}
}

extension KeyedDecodingContainer {
    public func decode<Value>(_ type: Annotation<Value>.Type, forKey key: Key) throws -> Annotation<Value> {
        Annotation(wrappedValue: .annotationDefault)
    }
}
