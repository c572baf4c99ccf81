# fish completion for helseid-admin: the global options, then each command's own (as
# `helseid-admin COMMAND --help` lists them; tests/docs/completion.sh checks).
set -l cmds wizard check status units validate plan apply test-token rotate-key import help
complete -c helseid-admin -f
complete -c helseid-admin -n "not __fish_seen_subcommand_from $cmds" -a "$cmds"
complete -c helseid-admin -s s -l site -r -F -d 'the site file'
complete -c helseid-admin -l env -x -a 'prod test demo' -d 'the HelseID environment'
complete -c helseid-admin -l authority -x -d 'HelseID STS (the issuer)'
complete -c helseid-admin -l selvbetjening-api -x -d 'Selvbetjening API'
complete -c helseid-admin -l selvbetjening-web -x -d 'Selvbetjening portal'
complete -c helseid-admin -l brreg -x -d 'Enhetsregisteret API'
complete -c helseid-admin -l ca-file -r -F -d 'trust this CA as well'
complete -c helseid-admin -l no-input -d 'never ask'
complete -c helseid-admin -l lang -x -a 'nb nn en' -d 'language of messages'
complete -c helseid-admin -l json -d 'one JSON document on standard output'
complete -c helseid-admin -s v -l verbose -d 'say more (never secrets)'
complete -c helseid-admin -s h -l help -d 'show the help and exit'
complete -c helseid-admin -l version -d 'show the version and exit'
# Each command's own options.
complete -c helseid-admin -n '__fish_seen_subcommand_from units' -l diff -r -F -d "compare with HelseID's list"
complete -c helseid-admin -n '__fish_seen_subcommand_from check status test-token plan rotate-key apply wizard' -l timeout -x -d 'give up waiting after S seconds'
complete -c helseid-admin -n '__fish_seen_subcommand_from rotate-key apply wizard' -l key-alg -x -a 'ES256 PS256' -d 'the new key algorithm'
complete -c helseid-admin -n '__fish_seen_subcommand_from rotate-key' -l if-expires-within -x -d 'only when the key expires within DAYS'
complete -c helseid-admin -n '__fish_seen_subcommand_from rotate-key' -l prune-retired -d 'delete retired key files'
complete -c helseid-admin -n '__fish_seen_subcommand_from import' -l password-file -r -F -d 'the zip password file'
complete -c helseid-admin -n '__fish_seen_subcommand_from apply wizard' -l browser -x -a 'auto open print' -d 'how to show the confirmation page'
complete -c helseid-admin -n '__fish_seen_subcommand_from apply wizard' -l port -x -d 'loopback port for the redirect'
complete -c helseid-admin -n '__fish_seen_subcommand_from apply wizard' -l api-key-file -r -F -d 'the vendor api key file'
complete -c helseid-admin -n '__fish_seen_subcommand_from apply' -l discard-pending -d 'give up a pending draft'
complete -c helseid-admin -n '__fish_seen_subcommand_from wizard' -l plain -d 'line-by-line dialogue'
complete -c helseid-admin -n '__fish_seen_subcommand_from validate' -a 'orgnr fnr hpr herid'
complete -c helseid-admin -n '__fish_seen_subcommand_from help' -a "$cmds"
complete -c helseid-admin -n '__fish_seen_subcommand_from import plan apply' -F
