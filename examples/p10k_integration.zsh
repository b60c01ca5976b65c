# ccp proxy status for the zsh prompt: a Powerlevel10k segment, or plain text for any prompt.
#
# Install (in ~/.zshrc, after Powerlevel10k is loaded or anywhere without it):
#
#   source /path/to/ccp/examples/p10k_integration.zsh
#
# Powerlevel10k: add `custom_proxy_status` to POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS in ~/.p10k.zsh.
# Any other prompt:  setopt prompt_subst; RPROMPT='$(ccp_status_prompt)'
# tmux, scripts:     ccp_status_line   (prints e.g. `ccp ✓ 12 req · 38 tok/s · 98% ok`; `!` instead of
#                    `✓` when more than one request in ten fails, `ccp ✗ down` when the proxy is not there)
#
# The prompt never waits on the proxy for long: the status comes from a cache file in $TMPDIR,
# refreshed in the background once it is older than CCP_STATUS_TTL; only the very first prompt
# fetches directly, bounded by CCP_STATUS_TIMEOUT. A stopped or hung proxy shows as down.
# Needs zsh 5.1+ and curl.
#
# Settings (environment):
#   CCP_STATUS_URL      the proxy's base URL (default http://127.0.0.1:8082)
#   CCP_STATUS_TTL      seconds a cached status is shown before it is refreshed (default 5)
#   CCP_STATUS_TIMEOUT  longest wait for the proxy, curl --max-time seconds (default 0.3)
#   CCP_STATUS_PLAIN    1: no Nerd Font icons; 0: icons. Default: icons unless POWERLEVEL9K_MODE
#                       is set to a mode without `nerdfont`.
#   CCP_STATUS_KEY      sent as x-api-key when the proxy protects /api with PROXY_AUTH_KEY

zmodload zsh/datetime 2>/dev/null
zmodload -F zsh/stat b:zstat 2>/dev/null

# Nerd Font glyphs as UTF-8 bytes, so this file reads the same in any locale:
# server (nf-fa-server), exchange (nf-fa-exchange), gauge (nf-fa-tachometer), check, cross, warning.
typeset -g _CCP_ICON_SERVER=$'\xef\x88\xb3'
typeset -g _CCP_ICON_REQUESTS=$'\xef\x83\xac'
typeset -g _CCP_ICON_SPEED=$'\xef\x83\xa4'
typeset -g _CCP_ICON_OK=$'\xef\x80\x8c'
typeset -g _CCP_ICON_DOWN=$'\xef\x80\x8d'
typeset -g _CCP_ICON_FAILING=$'\xef\x81\xb1'

# REPLY = the cache file for the configured proxy (one per user and URL).
_ccp_status_cache_file() {
  local url=${CCP_STATUS_URL:-http://127.0.0.1:8082}
  REPLY="${TMPDIR:-/tmp}/ccp-status-${UID}-${url//[^A-Za-z0-9]/_}"
}

# Asks the proxy once, bounded by the timeout, and replaces the cache atomically with its status
# line, or with `down` when it does not answer in time (stopped, hung, or not ccp).
_ccp_status_fetch() {
  emulate -L zsh
  local cache=$1 line
  local temporary="$cache.$EPOCHREALTIME.$RANDOM"
  local -a headers
  [[ -n $CCP_STATUS_KEY ]] && headers=(-H "x-api-key: $CCP_STATUS_KEY")
  if line=$(command curl -fsS --max-time "${CCP_STATUS_TIMEOUT:-0.3}" "${headers[@]}" \
      "${CCP_STATUS_URL:-http://127.0.0.1:8082}/api/status?format=line" 2>/dev/null) \
      && [[ $line == 'ccp '* ]]; then
    print -r -- "${line%%$'\n'*}" >| "$temporary"
  else
    print -r -- down >| "$temporary"
  fi
  command mv -f -- "$temporary" "$cache"
}

# Starts one background refresh; a refresh already running holds the lock directory.
_ccp_status_refresh_in_background() {
  emulate -L zsh
  local cache=$1 lock="$1.lock"
  if ! command mkdir -- "$lock" 2>/dev/null; then
    # A lock left by a killed shell is stale after 10 s.
    local -a locked_at
    zstat -A locked_at +mtime -- "$lock" 2>/dev/null || return 0
    (( EPOCHSECONDS - locked_at[1] > 10 )) || return 0
    command rmdir -- "$lock" 2>/dev/null
    command mkdir -- "$lock" 2>/dev/null || return 0
  fi
  # Detached from the prompt's stdout, so a command substitution around us does not wait for it.
  { _ccp_status_fetch "$cache"; command rmdir -- "$lock" 2>/dev/null } </dev/null >/dev/null 2>&1 &!
}

# REPLY = `down` or the proxy's status line, from the cache (refreshed when stale).
_ccp_status_read() {
  emulate -L zsh
  _ccp_status_cache_file
  local cache=$REPLY
  if [[ -r $cache ]]; then
    local -a modified_at
    zstat -A modified_at +mtime -- "$cache" 2>/dev/null || modified_at=(0)
    if (( EPOCHSECONDS - modified_at[1] >= ${CCP_STATUS_TTL:-5} )); then
      _ccp_status_refresh_in_background "$cache"
    fi
  else
    # First prompt: one bounded fetch, so the segment starts with real data.
    _ccp_status_fetch "$cache"
  fi
  REPLY=$(<$cache)
  [[ -n $REPLY ]] || REPLY=down
}

# True when Nerd Font icons should be used.
_ccp_status_use_icons() {
  [[ $CCP_STATUS_PLAIN == 1 ]] && return 1
  [[ $CCP_STATUS_PLAIN == 0 ]] && return 0
  [[ -z $POWERLEVEL9K_MODE || $POWERLEVEL9K_MODE == *nerdfont* ]]
}

# Prints the status as text: `ccp ✓ 12 req · 38 tok/s · 98% ok`, `ccp ! 3 req · — tok/s · 0% ok`
# or `ccp ✗ down` (plain), or the same with Nerd Font icons. The mark is the proxy's own: `!` when
# more than one recent request in ten failed. Exit status 0 when up, 2 when up and failing, 1 down.
ccp_status_line() {
  emulate -L zsh
  local REPLY
  _ccp_status_read
  local state=$REPLY
  if [[ $state == down ]]; then
    if _ccp_status_use_icons; then
      print -r -- "$_CCP_ICON_SERVER $_CCP_ICON_DOWN down"
    else
      print -r -- 'ccp ✗ down'
    fi
    return 1
  fi
  local requests='?' speed='—' success='—' mark='✓'
  [[ $state =~ '^ccp (!) ' ]] && mark='!'
  [[ $state =~ '([0-9]+) req' ]] && requests=$match[1]
  [[ $state =~ '([0-9.]+) tok/s' ]] && speed=$match[1]
  [[ $state =~ '([0-9]+)% ok' ]] && success=$match[1]
  if _ccp_status_use_icons; then
    local icon=$_CCP_ICON_OK
    [[ $mark == '!' ]] && icon=$_CCP_ICON_FAILING
    print -r -- "$_CCP_ICON_SERVER $_CCP_ICON_REQUESTS $requests $_CCP_ICON_SPEED $speed t/s $icon $success%"
  else
    print -r -- "ccp $mark $requests req · $speed tok/s · $success% ok"
  fi
  [[ $mark == '!' ]] && return 2
  return 0
}

# The same text, escaped for prompt expansion (`%` doubled), for PROMPT/RPROMPT with prompt_subst.
ccp_status_prompt() {
  local text
  text=$(ccp_status_line)
  print -r -- "${text//\%/%%}"
}

# Powerlevel10k segment: green when the proxy is up, yellow when its requests are failing, red
# when it is down.
prompt_custom_proxy_status() {
  local text state
  text=$(ccp_status_line)
  state=$?
  case $state in
    0) p10k segment -f green -t "${text//\%/%%}" ;;
    2) p10k segment -f yellow -t "${text//\%/%%}" ;;
    *) p10k segment -f red -t "${text//\%/%%}" ;;
  esac
}

# Some Powerlevel10k versions route `custom_*` elements through the command in
# POWERLEVEL9K_CUSTOM_<NAME> instead of prompt_custom_<name>. Whether that path escapes `%` differs
# between versions, so this text uses the full-width ％ instead, which no prompt treats specially.
ccp_status_custom_segment() {
  local text
  text=$(ccp_status_line)
  print -r -- "${text//\%/％}"
}
typeset -g POWERLEVEL9K_CUSTOM_PROXY_STATUS=ccp_status_custom_segment
