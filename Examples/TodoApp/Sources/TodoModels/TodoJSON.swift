import Foundation

// The app's own code beside the generated models (TodoList, Todo, TodoStatus, DateOnly and the
// `.databaseTimestamp` strategies come from schema/todos.yaml through SchemagenPlugin).

/// Encoders and decoders that read and write timestamps as the databases do.
public enum TodoJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .databaseTimestamp
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .databaseTimestamp
        return decoder
    }
}

extension Todo {
    /// A new open item on `list`, due on `dueOn` if given.
    public static func make(_ title: String, on list: TodoList, dueOn: DateOnly? = nil, now: Date = Date()) -> Todo {
        Todo(
            id: UUID(), listId: list.id, title: title, notes: nil, status: .open, priority: 0, dueOn: dueOn,
            createdAt: now, updatedAt: now)
    }

    /// True when it is not done and its day has passed.
    public func isOverdue(today: DateOnly) -> Bool {
        guard status != .done, let dueOn else { return false }
        return dueOn < today
    }
}
