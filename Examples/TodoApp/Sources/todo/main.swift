import Foundation
import TodoModels

// Prints a list with two items as the JSON the app would store: the generated models at work.
let list = TodoList(id: UUID(), title: "Groceries", createdAt: Date(), updatedAt: Date())
var milk = Todo.make("Milk", on: list, dueOn: DateOnly(year: 2030, month: 1, day: 31))
milk.status = .inProgress
let bread = Todo.make("Bread", on: list)
let data = try TodoJSON.encoder().encode([milk, bread])
print(String(decoding: data, as: UTF8.self))
