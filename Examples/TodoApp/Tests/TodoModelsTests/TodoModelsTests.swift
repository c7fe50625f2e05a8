import Foundation
import Testing
import TodoModels

/// The models the build plugin generated from schema/todos.yaml, used as app code uses them.
@Suite struct TodoModelsTests {
    let list = TodoList(
        id: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!, title: "Groceries",
        createdAt: Date(timeIntervalSince1970: 1_700_000_000.25),
        updatedAt: Date(timeIntervalSince1970: 1_700_000_000.25))

    @Test func encodesWithTheColumnNames() throws {
        let todo = Todo(
            id: UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!, listId: list.id, title: "Milk",
            notes: nil, status: .inProgress, priority: 2, dueOn: DateOnly(year: 2030, month: 1, day: 31),
            createdAt: list.createdAt, updatedAt: list.createdAt)
        let json = String(decoding: try TodoJSON.encoder().encode(todo), as: UTF8.self)
        // Column names, small-letter UUIDs, the enum's SQL value, a day without a time, milliseconds.
        #expect(json.contains(#""list_id":"6f9619ff-8b86-d011-b42d-00c04fc964ff""#))
        #expect(json.contains(#""status":"in_progress""#))
        #expect(json.contains(#""due_on":"2030-01-31""#))
        #expect(json.contains(#""created_at":"2023-11-14T22:13:20.250Z""#))
        #expect(!json.contains("notes"))
    }

    @Test func decodesWhatADatabaseHandsOver() throws {
        let row = """
            {"id": "0b5e3c52-8f3a-4d2e-9b7a-2c1d4e5f6a7b", "list_id": "6f9619ff-8b86-d011-b42d-00c04fc964ff",
             "title": "Bread", "notes": "wholemeal", "status": "done", "priority": 1, "due_on": null,
             "created_at": "2024-05-01T12:00:00.25+00:00", "updated_at": "2024-05-01T12:00:00Z"}
            """
        let todo = try TodoJSON.decoder().decode(Todo.self, from: Data(row.utf8))
        #expect(todo.listId == list.id)
        #expect(todo.status == .done)
        #expect(todo.notes == "wholemeal")
        #expect(todo.dueOn == nil)
        #expect(todo.createdAt == Date(timeIntervalSince1970: 1_714_564_800.25))
    }

    @Test func roundTripsThroughJSON() throws {
        let todos = [
            Todo.make("Milk", on: list, dueOn: DateOnly(year: 2024, month: 2, day: 29), now: list.createdAt),
            Todo.make("Bread", on: list, now: list.createdAt),
        ]
        let data = try TodoJSON.encoder().encode(todos)
        #expect(try TodoJSON.decoder().decode([Todo].self, from: data) == todos)
        #expect(TodoStatus.allCases.map(\.rawValue) == ["open", "in_progress", "done"])
    }

    @Test func appCodeUsesTheModels() {
        let today = DateOnly(year: 2030, month: 2, day: 1)!
        var todo = Todo.make("Milk", on: list, dueOn: DateOnly(year: 2030, month: 1, day: 31))
        #expect(todo.isOverdue(today: today))
        todo.status = .done
        #expect(!todo.isOverdue(today: today))
    }
}
