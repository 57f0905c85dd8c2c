// The public client: resolves the configuration and forwards calls to the engine, each on
// a strand of its own (so the engine's timers and I/O never run concurrently within a call
// when the io_context has several threads).
#include <awsconnect/client.hpp>

#include "client/client_impl.hpp"
#include "config/environment.hpp"
#include "config/resolve_config.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace awsconnect {
namespace asio = boost::asio;

result<client> client::create(asio::any_io_executor executor, client_config config) {
    const auto env = config::environment::from_process();
    const auto read = config::disk_file_reader();
    auto resolved = config::resolve_config(config, env, read);
    if (!resolved) return resolved.error();
    auto impl = detail::client_impl::create(std::move(executor), std::move(*resolved), env, read);
    if (!impl) {
        error e = impl.error();
        e.code = errc::invalid_configuration;
        return e;
    }
    return client(std::move(*impl));
}

client::client(asio::any_io_executor executor, client_config config) {
    auto c = create(std::move(executor), std::move(config));
    if (!c) throw exception(c.error());
    impl_ = std::move(c->impl_);
}

client::client(std::shared_ptr<detail::client_impl> impl) noexcept : impl_(std::move(impl)) {}
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

client::~client() {
    if (impl_) impl_->shutdown();
}

namespace {
// Forwards the caller's cancellation to the call's strand. Boost 1.81's co_spawn forwards a
// cancellation by dispatching a lambda that holds a raw pointer into the caller's slot; if
// the call completes in between, that pointer dangles. Here the caller's slot only posts
// to the strand a function holding this shared state, and the call's own slot belongs to
// the state: everything the emission touches is alive until the emission is done.
struct call_cancellation {
    asio::cancellation_signal signal;
};
}  // namespace

asio::awaitable<result<release_phone_number_response>> client::release_phone_number(
    release_phone_number_request request) {
    auto impl = impl_;  // the engine outlives the call even if the client is moved or destroyed
    auto strand = impl->next_strand();
    auto forward = std::make_shared<call_cancellation>();
    asio::cancellation_state cs = co_await asio::this_coro::cancellation_state;
    if (cs.slot().is_connected()) {
        cs.slot().assign([forward, strand](asio::cancellation_type type) {
            asio::post(strand, [forward, type] { forward->signal.emit(type); });
        });
    }
    co_return co_await asio::co_spawn(strand, impl->release(std::move(request)),
                                      asio::bind_cancellation_slot(forward->signal.slot(), asio::use_awaitable));
}

client_stats client::stats() const { return impl_->stats(); }
void client::shutdown() { impl_->shutdown(); }
const std::string& client::region() const { return impl_->config().region; }
const std::string& client::endpoint_url() const { return impl_->endpoint().url; }

}  // namespace awsconnect
