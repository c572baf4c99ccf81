#!/bin/sh
# Screen tests on a private tmux server: start the program in a pane, send keys,
# poll capture-pane until the expected text appears (with a deadline, never a bare
# sleep as synchronisation), compare whole screens. Source after wizard-lib.sh.
TMUX_N=0
TMUX_SOCK="test$$-0"
T() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT
WAIT_SECS=${WAIT_SECS:-15}

# tstart W H ARGS...: run helseid-admin in a W x H pane; the exit status goes to
# $TMPD/rc and the pane stays open (cat on the pane's terminal) for capture.
tstart() {
    w=$1 h=$2; shift 2
    rm -f "$TMPD/rc"
    printf '#!/bin/sh\n"%s" "$@"\necho $? > "%s/rc"\nexec cat > /dev/null\n' "$BIN" "$TMPD" > "$TMPD/run.sh"
    # A fresh server per run: reusing a socket races with the old server's exit.
    T kill-server 2>/dev/null
    TMUX_N=$((TMUX_N + 1)); TMUX_SOCK="test$$-$TMUX_N"
    T new-session -d -x "$w" -y "$h" -s t \
        "env TERM=tmux-256color LC_ALL=${LC_ALL:-C.UTF-8} HELSEID_ADMIN_DATADIR='$HELSEID_ADMIN_DATADIR' HELSEID_ADMIN_LOCALEDIR='${HELSEID_ADMIN_LOCALEDIR:-}' ${TENV:-} sh '$TMPD/run.sh' $*"
    T set-option -t t status off > /dev/null
    T set-option -g window-size manual 2>/dev/null
}

screen() { T capture-pane -p -t t; }

# twait TEXT: poll until TEXT (a fixed string) is on the screen; 1 on timeout.
twait() {
    end=$(( $(date +%s) + WAIT_SECS ))
    while [ "$(date +%s)" -le "$end" ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    echo "# timed out waiting for: $1"; screen | sed 's/^/# | /'
    return 1
}

# tgone TEXT: poll until TEXT is no longer on the screen.
tgone() {
    end=$(( $(date +%s) + WAIT_SECS ))
    while [ "$(date +%s)" -le "$end" ]; do
        screen | grep -qF -- "$1" || return 0
        sleep 0.05
    done
    return 1
}

# tpoll CMD...: poll until the command succeeds.
tpoll() {
    end=$(( $(date +%s) + WAIT_SECS ))
    while [ "$(date +%s)" -le "$end" ]; do
        "$@" && return 0
        sleep 0.05
    done
    echo "# timed out polling: $*"
    return 1
}

# width_is N TEXT: the line holding TEXT is N columns wide (the screen was laid out
# for the new size).
width_is() { [ "$(screen | awk -v t="$2" 'index($0, t) { print length($0); exit }')" = "$1" ]; }

# texit: wait for the program to end; prints its exit status.
texit() {
    end=$(( $(date +%s) + WAIT_SECS ))
    while [ "$(date +%s)" -le "$end" ]; do
        [ -s "$TMPD/rc" ] && { cat "$TMPD/rc"; return 0; }
        sleep 0.05
    done
    echo timeout
}

keys() { T send-keys -t t "$@"; }

# same_screen FILE: the pane equals the expected screen (trailing blanks ignored).
same_screen() {
    screen | sed 's/ *$//' > "$TMPD/screen.txt"
    sed 's/ *$//' "$1" | diff -u - "$TMPD/screen.txt" | sed 's/^/# /'
    sed 's/ *$//' "$1" | cmp -s - "$TMPD/screen.txt"
}
