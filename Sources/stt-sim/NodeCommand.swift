import ArgumentParser
import Foundation
import STTCore

/// `stt-sim node listen|send`: single STT nodes on real UDP, as separate processes (one host or
/// several). Ctrl-C stops a node cleanly: its sessions are closed (CLOSE sent) before it exits.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run one STT node on a real UDP socket (listen for transfers, or send a file or a live stream).",
        subcommands: [NodeListenCommand.self, NodeSendCommand.self])
}
