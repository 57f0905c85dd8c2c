// The public client: resolves the configuration and forwards calls to the engine, each on
// a strand of its own (so the engine's timers and I/O never run concurrently within a call
// when the io_context has several threads).
#include <awsconnect/client.hpp>

#include "client/client_impl.hpp"
#include "config/environment.hpp"
#include "config/resolve_config.hpp"

#include <boost/asio/co_spawn.hpp>
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

asio::awaitable<result<release_phone_number_response>> client::release_phone_number(
    release_phone_number_request request) {
    auto impl = impl_;  // the call keeps the engine alive
    co_return co_await asio::co_spawn(impl->next_strand(), impl->release(std::move(request)), asio::use_awaitable);
}

client_stats client::stats() const { return impl_->stats(); }
void client::shutdown() { impl_->shutdown(); }
const std::string& client::region() const { return impl_->config().region; }
const std::string& client::endpoint_url() const { return impl_->endpoint().url; }

}  // namespace awsconnect
