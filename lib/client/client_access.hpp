// Internal access to the public client (Boost.MySQL's `detail::access` pattern): tests,
// the bench and tools build a client over an engine of their own (fakes, injected
// services) and reach the engine of a client, without public members for it.
#pragma once

#include "client/client_impl.hpp"

#include <awsconnect/client.hpp>

#include <memory>

namespace awsconnect::detail {

struct client_access {
    static client make(std::shared_ptr<client_impl> impl) noexcept { return client(std::move(impl)); }
    static client_impl& engine(const client& c) noexcept { return *c.impl_; }
};

}  // namespace awsconnect::detail
