import ArgumentParser
import Foundation
import STTCore
import STTScenario

/// A scenario file that cannot be read or is invalid: exit code 2.
struct ScenarioInputError: Error, CustomStringConvertible {
    let description: String
}

func loadScenario(_ file: String) throws -> Scenario {
    guard let data = FileManager.default.contents(atPath: file) else {
        throw ScenarioInputError(description: "\(file): cannot read the file (does it exist?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw ScenarioInputError(description: "\(file): not UTF-8 text")
    }
    do {
        return try Scenario.parse(text, file: file)
    } catch let e as ScenarioError {
        throw ScenarioInputError(description: e.description)
    }
}

extension CaptureDirection: ExpressibleByArgument {}
