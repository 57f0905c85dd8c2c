// A scripted fake of transport::http_transport for component tests of the client.
//
// Why: the orchestration's behaviour (what it retries, with which token and headers,
// after which delay, at what cost) is asserted exactly only if the responses and failures
// come from a script and every request's bytes are kept. This transport plays a list of
// steps, one per send(): a response (status, headers such as X-Amzn-ErrorType,
// x-amzn-RequestId, Date, x-amz-retry-after, and a body), a transport error (an errc and a
// message, e.g. connection_reset), a "hang" (as the real transport does when the server
// never answers: the fake clock moves to the request's deadline and the result is
// `req.deadline_code`), or "never answers" (waits on a real timer until the caller
// cancels: errc::cancelled, like the real transport). A step may say the transport made
// stale-connection replays first (the same bytes are then recorded again, and reported in
// `stale_replays`). When the script runs out, an optional handler decides (the concurrency
// case answers by attempt number); with neither, the send fails with malformed_response
// and is counted as unexpected.
//
// Every send yields once to the executor before answering, as real I/O would, so
// concurrent calls interleave. Each response carries `x-amzn-RequestId: req-<n>` (n = the
// send's 1-based number) unless the step sets its own.
//
// Thread safety: any member from any thread (one mutex).
#pragma once

#include "fakes/fake_services.hpp"
#include "fakes/recorded_request.hpp"

#include "transport/http_transport.hpp"

#include <awsconnect/error.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace awsconnect::test {

struct scripted_step {
    enum class kind {
        respond,       ///< a response with `status`, `headers`, `body`
        fail,          ///< a transport error: `error`, `message`
        hang,          ///< the clock moves to the deadline; the deadline's code
        never_answer,  ///< wait (real time) until cancelled
    };
    kind what = kind::respond;
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    errc error = errc::connection_reset;
    std::string message;
    int stale_replays = 0;

    /// 200 with an empty body.
    static scripted_step ok();
    static scripted_step response(int status, std::string body = {},
                                  std::vector<std::pair<std::string, std::string>> headers = {});
    /// A restJson1 error: X-Amzn-ErrorType: `code` and {"message": `message`}.
    static scripted_step service_error(int status, std::string code, std::string message = "an error");
    static scripted_step transport_error(errc code, std::string message = {});
    static scripted_step hang();
    static scripted_step never_answers();

    scripted_step& with_header(std::string name, std::string value);
    scripted_step& with_date(std::chrono::system_clock::time_point t);
    scripted_step& with_stale_replays(int n);
};

/// One request as the transport received it.
struct sent_request {
    int index = 0;        ///< 1-based number of the send() call
    bool replay = false;  ///< a stale-connection replay of the same send (same bytes)
    std::string bytes;
    parsed_request parsed;
    transport::pool_time at{};        ///< fake steady time of the send
    transport::pool_time deadline{};  ///< req.deadline
    errc deadline_code = errc::attempt_timeout;
};

class scripted_transport final : public transport::http_transport {
public:
    explicit scripted_transport(std::shared_ptr<fake_clock> clock);

    void push(scripted_step step);
    void script(std::vector<scripted_step> steps);
    /// Decides for sends once the script is empty (argument: the parsed request).
    void set_handler(std::function<scripted_step(const parsed_request&)> handler);
    /// Called with the send's number when a request arrives (before it is answered).
    void on_send(std::function<void(int)> hook);
    /// Real-time bound of a never-answering step (then it fails with attempt_timeout).
    void set_never_answer_limit(std::chrono::milliseconds limit);

    /// Every request received, stale replays included, in order.
    std::vector<sent_request> wire_requests() const;
    /// The send() calls only (one per attempt), in order.
    std::vector<sent_request> sends() const;
    int send_count() const;
    int cancelled_sends() const;
    int unexpected_sends() const;
    int shutdowns() const;
    std::size_t steps_left() const;

    boost::asio::awaitable<void> send(const transport::transport_request& req,
                                      transport::transport_result& out) override;
    pool_stats stats() const override;
    void shutdown() override;

private:
    std::shared_ptr<fake_clock> clock_;
    mutable std::mutex mutex_;
    std::deque<scripted_step> script_;
    std::function<scripted_step(const parsed_request&)> handler_;
    std::function<void(int)> hook_;
    std::chrono::milliseconds never_answer_limit_{10'000};
    std::vector<sent_request> wire_;
    int sends_ = 0;
    int cancelled_ = 0;
    int unexpected_ = 0;
    int shutdowns_ = 0;
    int stale_replays_ = 0;
};

}  // namespace awsconnect::test
