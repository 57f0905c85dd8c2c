// Captures what the process writes to file descriptor 2 (stderr) while it lives: fd 2 is
// pointed at an unlinked temporary file, and restored by finish() or the destructor.
// For tests that check the library writes nothing to stderr, or exactly one line. Not for
// concurrent use: only one capture at a time, and other threads' writes are captured too.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace awsconnect::test {

class stderr_capture {
public:
    stderr_capture() {
        std::fflush(stderr);
        char name[] = "/tmp/awsconnect-stderr-XXXXXX";
        fd_ = ::mkstemp(name);
        REQUIRE(fd_ >= 0);
        ::unlink(name);
        saved_ = ::dup(2);
        REQUIRE(saved_ >= 0);
        REQUIRE(::dup2(fd_, 2) == 2);
    }
    stderr_capture(const stderr_capture&) = delete;
    stderr_capture& operator=(const stderr_capture&) = delete;

    /// Restores stderr and returns everything written to it meanwhile.
    std::string finish() {
        restore();
        std::string out;
        char buf[4096];
        ::lseek(fd_, 0, SEEK_SET);
        for (ssize_t n; (n = ::read(fd_, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
        return out;
    }

    ~stderr_capture() {
        restore();
        ::close(fd_);
    }

private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        ::dup2(saved_, 2);
        ::close(saved_);
        saved_ = -1;
    }
    int fd_ = -1;
    int saved_ = -1;
};

}  // namespace awsconnect::test
