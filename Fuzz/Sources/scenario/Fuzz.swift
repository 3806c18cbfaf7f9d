import STTScenario

/// The `scenario` fuzz target: `Scenario.parse` on any bytes (as UTF-8, invalid sequences
/// replaced), which must throw a `ScenarioError` or return a scenario and never trap. Files a
/// scenario names (traces) resolve against the repository's `Scenarios/` directory, as the
/// example scenarios' do. Also checks that any JSON the parser accepts survives
/// `formatted(indent:)` and parsing again unchanged (`stt-sim` rewrites scenario files this way).
private let scenarioFile: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)  // Fuzz/Sources/scenario/Fuzz.swift
    return parts.joined(separator: "/") + "/Scenarios/fuzz.json"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let value = try? JSONValue.parse(text) {
        let again = try? JSONValue.parse(value.formatted(indent: 2))
        precondition(again == value, "formatted JSON does not parse back to the same value")
        _ = try? Scenario.parse(text, file: scenarioFile)
    }
    return 0
}
