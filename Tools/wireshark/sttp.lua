-- sttp.lua: a Wireshark dissector for the STT encrypted transport (wire version 4).
--
-- Named "sttp" because Wireshark already has a protocol called STT (Stateless Transport
-- Tunneling). A heuristic on every UDP datagram that starts with the magic "ST", version 4 and a
-- known packet type, and first in line on one UDP port (preference "sttp.port", default 7000,
-- stt-sim's): a datagram there that is not STT goes to the port's own dissector (AFS/RX on 7000).
--
--   tshark -X lua_script:Tools/wireshark/sttp.lua -r capture.pcap
--   or copy this file to ~/.local/lib/wireshark/plugins/ (Wireshark finds it at start-up).
--
-- Protected packets are encrypted: the dissector shows their header (session id, packet
-- number) and the ciphertext. `stt-sim analyze CAPTURE --keylog KEYS --decrypt-to OUT.pcap`
-- writes a copy whose protected packets carry their plaintext frames (capture-only type 0x90);
-- this dissector then shows every frame. Reference: docs/PROTOCOL.md, docs/CAPTURES.md.

local sttp = Proto("sttp", "STT encrypted transport")

local packet_types = {
    [0x01] = "Handshake initiation (suite, Noise XXpsk3 message 1: -> e, with mac1 and mac2)",
    [0x02] = "Handshake response (message 2: <- e, ee, s, es)",
    [0x03] = "Handshake finish (message 3: -> s, se, psk)",
    [0x04] = "Handshake reject (wrong shared seed, or unsupported cipher suite)",
    [0x05] = "Cookie reply (the responder is under load: repeat the hello with this cookie)",
    [0x10] = "Protected",
    [0x90] = "Protected, decrypted by stt-sim analyze (not on the wire)",
}
local short_types = {
    [0x01] = "Initiation", [0x02] = "Response", [0x03] = "Finish", [0x04] = "Reject", [0x05] = "Cookie reply",
    [0x10] = "Protected", [0x90] = "Protected (decrypted)",
}
-- Valid lengths of each handshake type (a reject is 29 bytes for a seed, 30 for a suite).
local handshake_lengths = { [0x01] = { 93 }, [0x02] = { 108 }, [0x03] = { 76 }, [0x04] = { 29, 30 }, [0x05] = { 56 } }
local suites = { [0x01] = "ChaChaPoly (Noise_XXpsk3_25519_ChaChaPoly_SHA256)", [0x02] = "AESGCM (Noise_XXpsk3_25519_AESGCM_SHA256)" }
local suite_names = { [0x01] = "chachapoly", [0x02] = "aesgcm" }

local frame_types = {
    [0x00] = "PADDING", [0x01] = "PING", [0x02] = "ACK", [0x03] = "CLOSE", [0x04] = "HANDSHAKE_DONE",
    [0x05] = "DATAGRAM", [0x10] = "STREAM", [0x11] = "CREDIT", [0x12] = "SKIP", [0x13] = "SESSION_CREDIT",
}

local f = sttp.fields
f.magic = ProtoField.string("sttp.magic", "Magic")
f.version = ProtoField.uint8("sttp.version", "Version", base.DEC)
f.type = ProtoField.uint8("sttp.type", "Packet type", base.HEX, packet_types)
-- Bytes, so a filter takes the id as `analyze` prints it: sttp.session_id == 3c53a4fa7d66cfa7.
f.session = ProtoField.bytes("sttp.session_id", "Session id")
f.handshake = ProtoField.string("sttp.handshake", "Handshake message")
f.handshake_body = ProtoField.bytes("sttp.handshake.body", "Noise message")
f.noise_e = ProtoField.bytes("sttp.noise.ephemeral", "Ephemeral public key (e)")
f.noise_s = ProtoField.bytes("sttp.noise.encrypted_static", "Encrypted static public key (s)")
f.noise_tag = ProtoField.bytes("sttp.noise.tag", "Payload tag")
f.reject_code = ProtoField.uint8("sttp.reject.code", "Reject code", base.HEX, { [0x01] = "authentication failed (the shared seeds differ)", [0x02] = "unsupported cipher suite" })
f.suite = ProtoField.uint8("sttp.suite", "Cipher suite", base.HEX, suites)
f.accepted = ProtoField.uint8("sttp.reject.accepted_suites", "Suites the responder accepts (bit n-1 = suite n)", base.HEX)
f.reject_tag = ProtoField.bytes("sttp.reject.tag", "Reject tag (authenticates the refusal)")
f.truncated_bytes = ProtoField.uint32("sttp.captured_length", "Captured bytes (snap length)", base.DEC)
f.mac1 = ProtoField.bytes("sttp.hello.mac1", "mac1 (keyed from the shared seed)")
f.mac2 = ProtoField.bytes("sttp.hello.mac2", "mac2 (keyed by a cookie; zeros without one)")
f.cookie_nonce = ProtoField.bytes("sttp.cookie.nonce", "Cookie nonce")
f.cookie_sealed = ProtoField.bytes("sttp.cookie.sealed", "Sealed cookie (and its tag)")
f.pn = ProtoField.uint64("sttp.pn", "Packet number", base.DEC)
f.ciphertext = ProtoField.bytes("sttp.ciphertext", "Encrypted frames")
f.tag = ProtoField.bytes("sttp.tag", "AEAD tag")
f.frames_len = ProtoField.uint32("sttp.encrypted_length", "Encrypted length", base.DEC)
f.frame = ProtoField.uint8("sttp.frame.type", "Frame type", base.HEX, frame_types)
f.ack_largest = ProtoField.uint64("sttp.ack.largest", "Largest acknowledged", base.DEC)
f.ack_delay = ProtoField.uint32("sttp.ack.delay_us", "ACK delay (µs)", base.DEC)
f.ack_ranges = ProtoField.uint16("sttp.ack.additional_ranges", "Additional ranges", base.DEC)
f.ack_first = ProtoField.uint32("sttp.ack.first_range", "First range length", base.DEC)
f.ack_gap = ProtoField.uint32("sttp.ack.gap", "Gap", base.DEC)
f.ack_len = ProtoField.uint32("sttp.ack.length", "Range length", base.DEC)
local close_codes = {
    [0x0000] = "normal", [0x0001] = "protocol violation", [0x0002] = "node shutdown",
    [0x0003] = "packet numbers exhausted", [0x0004] = "flow control error", [0x0005] = "stream limit",
    [0x0006] = "idle session reclaimed",
}
f.close_code = ProtoField.uint16("sttp.close.code", "Close code", base.HEX, close_codes)
f.close_reason_len = ProtoField.uint16("sttp.close.reason_length", "Reason length", base.DEC)
f.close_reason = ProtoField.string("sttp.close.reason", "Reason")
f.datagram_len = ProtoField.uint16("sttp.datagram.length", "Datagram length", base.DEC)
f.datagram_data = ProtoField.bytes("sttp.datagram.data", "Datagram")
f.stream_data_len = ProtoField.uint16("sttp.stream.data_length", "Fragment length", base.DEC)
f.data = ProtoField.bytes("sttp.stream.data", "Fragment data")
f.stream = ProtoField.uint32("sttp.stream.id", "Stream id", base.DEC)
f.seq = ProtoField.uint64("sttp.stream.sequence", "Segment sequence", base.DEC)
f.stream_offset = ProtoField.uint64("sttp.stream.stream_offset", "Segment's stream offset", base.DEC)
f.seg_len = ProtoField.uint32("sttp.stream.segment_length", "Segment length", base.DEC)
f.offset = ProtoField.uint32("sttp.stream.offset", "Fragment offset", base.DEC)
f.final = ProtoField.bool("sttp.stream.final", "Final segment")
f.skip_seq = ProtoField.uint64("sttp.skip.sequence", "Skip to segment sequence", base.DEC)
f.skip_offset = ProtoField.uint64("sttp.skip.stream_offset", "Skip to stream offset", base.DEC)
f.max_offset = ProtoField.uint64("sttp.credit.max_offset", "Credit up to stream offset", base.DEC)
f.max_bytes = ProtoField.uint64("sttp.session_credit.max_bytes", "Session credit (stream bytes)", base.DEC)
f.padding = ProtoField.uint32("sttp.padding", "Padding bytes", base.DEC)

local e_short = ProtoExpert.new("sttp.short", "Packet shorter than its type requires", expert.group.MALFORMED, expert.severity.ERROR)
local e_length = ProtoExpert.new("sttp.length_mismatch", "Handshake message length differs from version 4's", expert.group.PROTOCOL, expert.severity.WARN)
local e_frame = ProtoExpert.new("sttp.bad_frame", "Frame runs past the packet or has an unknown type", expert.group.MALFORMED, expert.severity.ERROR)
local e_cut = ProtoExpert.new("sttp.snaplen", "Captured only in part (snap length): the rest of the datagram is not in the capture", expert.group.UNDECODED, expert.severity.NOTE)
sttp.experts = { e_short, e_length, e_frame, e_cut }

sttp.prefs.port = Pref.uint("UDP port", 7000, "A port whose datagrams are tried as STT first; others there go to the port's own dissector (0: heuristic only)")

-- Decrypted frames (type 0x90 only). Returns a one-line summary of each frame for the Info
-- column: "STREAM id=1 seq=4 off=0 len=1160 fin", "ACK largest=9 ranges=1", ...
local function dissect_frames(tvb, tree)
    local pos, n, names = 0, tvb:len(), {}
    while pos < n do
        local t = tvb(pos, 1):uint()
        if t == 0x00 then
            tree:add(f.padding, tvb(pos, n - pos), n - pos)
            break
        end
        local size
        if t == 0x01 or t == 0x04 then size = 1
        elseif t == 0x02 then
            if pos + 19 <= n then size = 19 + 8 * tvb(pos + 13, 2):uint() end
        elseif t == 0x03 then
            if pos + 5 <= n then size = 5 + tvb(pos + 3, 2):uint() end
        elseif t == 0x05 then
            if pos + 3 <= n then size = 3 + tvb(pos + 1, 2):uint() end
        elseif t == 0x10 then
            if pos + 32 <= n then size = 32 + tvb(pos + 30, 2):uint() end
        elseif t == 0x11 then size = 13
        elseif t == 0x12 then size = 21
        elseif t == 0x13 then size = 9
        end
        if size == nil or pos + size > n then
            tree:add_proto_expert_info(e_frame)
            return table.concat(names, ", ")
        end
        local ft = tree:add(f.frame, tvb(pos, 1))
        ft:set_len(size)
        local summary = frame_types[t]
        if t == 0x02 then
            ft:add(f.ack_largest, tvb(pos + 1, 8))
            ft:add(f.ack_delay, tvb(pos + 9, 4))
            ft:add(f.ack_ranges, tvb(pos + 13, 2))
            ft:add(f.ack_first, tvb(pos + 15, 4))
            for i = 0, tvb(pos + 13, 2):uint() - 1 do
                ft:add(f.ack_gap, tvb(pos + 19 + 8 * i, 4))
                ft:add(f.ack_len, tvb(pos + 23 + 8 * i, 4))
            end
            summary = string.format("ACK largest=%s ranges=%d", tostring(tvb(pos + 1, 8):uint64()),
                1 + tvb(pos + 13, 2):uint())
        elseif t == 0x03 then
            ft:add(f.close_code, tvb(pos + 1, 2))
            ft:add(f.close_reason_len, tvb(pos + 3, 2))
            if size > 5 then ft:add(f.close_reason, tvb(pos + 5, size - 5)) end
            local code = tvb(pos + 1, 2):uint()
            summary = "CLOSE " .. (close_codes[code] or string.format("code=0x%04x", code))
        elseif t == 0x05 then
            ft:add(f.datagram_len, tvb(pos + 1, 2))
            if size > 3 then ft:add(f.datagram_data, tvb(pos + 3, size - 3)) end
            summary = string.format("DATAGRAM len=%d", size - 3)
        elseif t == 0x10 then
            ft:add(f.stream, tvb(pos + 1, 4))
            ft:add(f.seq, tvb(pos + 5, 8))
            ft:add(f.stream_offset, tvb(pos + 13, 8))
            ft:add(f.seg_len, tvb(pos + 21, 4))
            ft:add(f.offset, tvb(pos + 25, 4))
            local fin = bit.band(tvb(pos + 29, 1):uint(), 1) == 1
            ft:add(f.final, tvb(pos + 29, 1), fin)
            ft:add(f.stream_data_len, tvb(pos + 30, 2))
            if size > 32 then ft:add(f.data, tvb(pos + 32, size - 32)) end
            summary = string.format("STREAM id=%d seq=%s off=%d len=%d%s", tvb(pos + 1, 4):uint(),
                tostring(tvb(pos + 5, 8):uint64()), tvb(pos + 25, 4):uint(), size - 32, fin and " fin" or "")
        elseif t == 0x11 then
            ft:add(f.stream, tvb(pos + 1, 4))
            ft:add(f.max_offset, tvb(pos + 5, 8))
            summary = string.format("CREDIT id=%d max=%s", tvb(pos + 1, 4):uint(), tostring(tvb(pos + 5, 8):uint64()))
        elseif t == 0x12 then
            ft:add(f.stream, tvb(pos + 1, 4))
            ft:add(f.skip_seq, tvb(pos + 5, 8))
            ft:add(f.skip_offset, tvb(pos + 13, 8))
            summary = string.format("SKIP id=%d seq=%s", tvb(pos + 1, 4):uint(), tostring(tvb(pos + 5, 8):uint64()))
        elseif t == 0x13 then
            ft:add(f.max_bytes, tvb(pos + 1, 8))
            summary = "SESSION_CREDIT max=" .. tostring(tvb(pos + 1, 8):uint64())
        end
        ft:append_text(" (" .. summary .. ")")
        names[#names + 1] = summary
        pos = pos + size
    end
    return table.concat(names, ", ")
end

local function looks_like_stt(tvb)
    return tvb:len() >= 12 and tvb(0, 1):uint() == 0x53 and tvb(1, 1):uint() == 0x54 and tvb(2, 1):uint() == 4
        and packet_types[tvb(3, 1):uint()] ~= nil
end

local udp_port_table = DissectorTable.get("udp.port")
local registered_port, displaced = 0, nil

function sttp.dissector(tvb, pinfo, tree)
    -- On the preferred port anything may arrive (7000 is AFS's): a datagram that is not STT goes
    -- to the dissector the port had before.
    if not looks_like_stt(tvb) then
        if displaced ~= nil and pinfo.match_uint == registered_port then return displaced:call(tvb, pinfo, tree) end
        return 0
    end
    pinfo.cols.protocol = "STTP"
    -- `n` is what the capture holds, `wire` the datagram's real length (a snap length cuts `n`).
    local n, wire = tvb:captured_len(), tvb:reported_len()
    local t = tvb(3, 1):uint()
    local subtree = tree:add(sttp, tvb(), "STT encrypted transport, " .. (short_types[t] or "unknown type"))
    subtree:add(f.magic, tvb(0, 2))
    subtree:add(f.version, tvb(2, 1))
    subtree:add(f.type, tvb(3, 1))
    subtree:add(f.session, tvb(4, 8))
    if n < wire then
        subtree:add(f.truncated_bytes, tvb(0, n), n):append_text(" of " .. wire)
        subtree:add_proto_expert_info(e_cut)
    end
    local info = (short_types[t] or string.format("type 0x%02x", t)) .. " session " .. tvb(4, 8):bytes():tohex():lower()
    local function bytes_at(offset, length) return offset + length <= n end
    if handshake_lengths[t] then
        subtree:add(f.handshake, tvb(3, 1), packet_types[t])
        if t == 0x01 and bytes_at(12, 81) then
            subtree:add(f.suite, tvb(12, 1))
            info = info .. " " .. (suite_names[tvb(12, 1):uint()] or string.format("suite 0x%02x", tvb(12, 1):uint()))
            local body = subtree:add(f.handshake_body, tvb(13, 48))
            body:add(f.noise_e, tvb(13, 32))
            body:add(f.noise_tag, tvb(45, 16))
            subtree:add(f.mac1, tvb(61, 16))
            subtree:add(f.mac2, tvb(77, 16))
        elseif t == 0x02 and bytes_at(12, 96) then
            local body = subtree:add(f.handshake_body, tvb(12, 96))
            body:add(f.noise_e, tvb(12, 32))
            body:add(f.noise_s, tvb(44, 48))
            body:add(f.noise_tag, tvb(92, 16))
        elseif t == 0x03 and bytes_at(12, 64) then
            local body = subtree:add(f.handshake_body, tvb(12, 64))
            body:add(f.noise_s, tvb(12, 48))
            body:add(f.noise_tag, tvb(60, 16))
        elseif t == 0x04 and bytes_at(12, 18) and tvb(12, 1):uint() == 0x02 then
            subtree:add(f.reject_code, tvb(12, 1))
            local mask = tvb(13, 1):uint()
            subtree:add(f.accepted, tvb(13, 1))
            subtree:add(f.reject_tag, tvb(14, 16))
            local accepted = {}
            for id, name in pairs(suite_names) do
                if bit.band(mask, bit.lshift(1, id - 1)) ~= 0 then accepted[#accepted + 1] = name end
            end
            table.sort(accepted)
            info = info .. " (unsupported cipher suite; accepts " .. table.concat(accepted, ", ") .. ")"
        elseif t == 0x04 and bytes_at(12, 17) then
            subtree:add(f.reject_code, tvb(12, 1))
            subtree:add(f.reject_tag, tvb(13, 16))
            info = info .. " (the shared seeds differ)"
        elseif t == 0x05 and bytes_at(12, 44) then
            subtree:add(f.cookie_nonce, tvb(12, 12))
            subtree:add(f.cookie_sealed, tvb(24, 32))
        elseif n > 12 then
            subtree:add(f.handshake_body, tvb(12, n - 12))
        end
        local valid = false
        for _, length in ipairs(handshake_lengths[t]) do valid = valid or wire == length end
        if not valid then subtree:add_proto_expert_info(e_length) end
    elseif t == 0x10 or t == 0x90 then
        if n < 20 or (t == 0x10 and wire < 37) then
            subtree:add_proto_expert_info(e_short)
        else
            subtree:add(f.pn, tvb(12, 8))
            info = info .. " pn " .. tostring(tvb(12, 8):uint64())
            if t == 0x10 then
                -- Lengths from the datagram's real size; the tag is shown only when captured.
                subtree:add(f.frames_len, tvb(20, math.min(n, wire - 16) - 20), wire - 36)
                if n > 20 then subtree:add(f.ciphertext, tvb(20, math.min(n, wire - 16) - 20)) end
                if n == wire then subtree:add(f.tag, tvb(wire - 16, 16)) end
            elseif n > 20 then
                local names = dissect_frames(tvb(20, n - 20):tvb(), subtree)
                if names ~= "" then info = info .. " [" .. names .. "]" end
            end
        end
    end
    pinfo.cols.info = info
    return n
end

local function heuristic(tvb, pinfo, tree)
    if not looks_like_stt(tvb) then return false end
    sttp.dissector(tvb, pinfo, tree)
    return true
end

-- First in line on the preferred port, keeping what was there for everything else.
local function register_port()
    if registered_port ~= 0 then
        udp_port_table:remove(registered_port, sttp)
        if displaced ~= nil then udp_port_table:add(registered_port, displaced) end
    end
    registered_port, displaced = sttp.prefs.port, nil
    if registered_port ~= 0 then
        displaced = udp_port_table:get_dissector(registered_port)
        udp_port_table:add(registered_port, sttp)
    end
end

function sttp.prefs_changed() register_port() end

register_port()
sttp:register_heuristic("udp", heuristic)
