// A temporary directory for a test (scripts, token files), removed afterwards.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace awsconnect::test {

class temp_dir {
public:
    temp_dir() {
        char tmpl[] = "/tmp/awsconnect-creds-test-XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        path_ = tmpl;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// Writes `name` and returns its full path.
    std::string write(const std::string& name, const std::string& contents) const {
        auto p = path_ / name;
        std::ofstream(p, std::ios::binary) << contents;
        return p.string();
    }

private:
    std::filesystem::path path_;
};

}  // namespace awsconnect::test
