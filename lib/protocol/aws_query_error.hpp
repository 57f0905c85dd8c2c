// awsQuery error responses (STS): the same service_failure as restJson1's, read from
//
//   <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
//     <Message>...</Message></Error><RequestId>...</RequestId></ErrorResponse>
//
// The code and message come from the XML (a body that is not this document, such as a
// proxy's HTML page, gives no code: the status decides, as for restJson1); the request id
// from x-amzn-RequestId, else the document's RequestId. Pure.
#pragma once

#include "protocol/service_error.hpp"

namespace awsconnect::protocol {

/// Nothing for any 2xx; otherwise the failure an awsQuery response describes.
outcome aws_query_failure_of(const http::response& r);

}  // namespace awsconnect::protocol
