#include "exactly_once.hpp"

#include <algorithm>
#include <optional>

namespace awsconnect::bench {

namespace {
std::string n(std::uint64_t v) { return std::to_string(v); }
}  // namespace

std::string exactly_once_verdict::reason() const {
    std::string s;
    for (const auto& f : failures) {
        if (!s.empty()) s += "; ";
        s += f;
    }
    return s;
}

exactly_once_verdict judge_exactly_once(const exactly_once_counts& c) {
    exactly_once_verdict v;
    v.counts = c;
    auto& f = v.failures;
    if (c.failed_unrecorded != 0) f.push_back(n(c.failed_unrecorded) + " failed calls were not recorded, so not re-sent");
    if (c.resent_ok != c.failed)
        f.push_back(n(c.failed - c.resent_ok) + " of " + n(c.failed) +
                    " failed calls did not succeed when re-sent with the token they reported");
    if (c.replays != c.failed_already_released)
        f.push_back("re-sends replayed " + n(c.replays) + " releases, but " + n(c.failed_already_released) +
                    " failed calls had released their number");
    if (c.commits != c.calls) f.push_back("commits " + n(c.commits) + " != calls " + n(c.calls));
    if (c.released_twice != 0) f.push_back(n(c.released_twice) + " numbers released twice");
    if (c.not_released != 0) f.push_back(n(c.not_released) + " numbers of the run not released");
    v.pass = f.empty();
    return v;
}

boost::asio::awaitable<exactly_once_verdict> check_exactly_once(client& c, emulator::server& emu,
                                                                const run_record& run) {
    emu.set_faults({});
    emu.set_throttle(std::nullopt);
    exactly_once_counts k;
    k.calls = run.calls;
    k.failed = run.failed.size();
    k.failed_unrecorded = run.failed_unrecorded;
    k.successes = run.calls - std::min<std::uint64_t>(run.calls, k.failed + k.failed_unrecorded);

    // Which failed calls had their number released already (by an attempt whose answer was
    // lost): their re-send must be a replay, not a release.
    for (const auto& f : run.failed)
        if (emu.state_of(f.phone_number_id) == emulator::number_state::released) ++k.failed_already_released;

    const emulator::counters before = emu.get_counters();
    for (const auto& f : run.failed) {
        auto r = co_await c.release_phone_number({f.phone_number_id, f.client_token});
        if (r && r->phone_number_id == f.phone_number_id && r->client_token == f.client_token) ++k.resent_ok;
    }
    const emulator::counters after = emu.get_counters();
    k.replays = after.idempotent_replays - before.idempotent_replays;
    k.commits = after.commits - run.commits_before;
    k.released_twice = after.released_twice - run.released_twice_before;
    for (std::uint64_t i = 0; i < run.calls; ++i)
        if (emu.state_of(run.phone_number_id_of(i)) != emulator::number_state::released) ++k.not_released;
    co_return judge_exactly_once(k);
}

}  // namespace awsconnect::bench
