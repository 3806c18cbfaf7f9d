/// A JSON syntax error with its line and column (1-based).
struct JSONSyntaxError: Error, CustomStringConvertible {
    let line: Int
    let column: Int
    let message: String
    var description: String { "line \(line), column \(column): \(message)" }
}
