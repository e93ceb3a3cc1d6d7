#!/bin/sh
# Runs cmocka test binaries and totals their results.
# Usage: run-tests.sh BINARY...
#
# Each binary's output (stdout and stderr: cmocka prints failures on
# stderr) is shown and kept in BINARY.log. Results are counted per test
# from cmocka's "[ RUN ]" / "[ OK ]" / "[ FAILED ]" / "[ SKIPPED ]" lines,
# so a binary that crashes mid-run still counts right: the test that was
# running and any that never ran count as failed. A non-zero exit with no
# failed test (e.g. a leak found at exit) counts as one failure.
# Prints "unit: N passed, N failed" last; exits 1 if anything failed.

total_pass=0
total_fail=0

for bin in "$@"; do
    log="$bin.log"
    CMOCKA_MESSAGE_OUTPUT=stdout "$bin" >"$log" 2>&1
    rc=$?
    cat "$log"
    read -r pass fail skip <<EOF
$(awk '
    /^\[==========\] Running [0-9]+ test/ { total += $3 }
    /^\[ RUN      \]/ { running = 1; next }
    running && /^\[       OK \]/ { pass++; running = 0 }
    running && /^\[  FAILED  \]/ { fail++; running = 0 }
    running && /^\[  SKIPPED \]/ { skip++; running = 0 }
    END {
        never_ran = total - (pass + fail + skip + running)
        fail += running + (never_ran > 0 ? never_ran : 0)
        print pass + 0, fail + 0, skip + 0
    }' "$log")
EOF
    if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
        echo "$(basename "$bin"): exit status $rc with no failed test; counted as 1 failure"
        fail=1
    fi
    echo "$(basename "$bin"): $pass passed, $fail failed, $skip skipped"
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
done

echo "unit: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
