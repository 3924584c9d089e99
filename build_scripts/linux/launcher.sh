#!/bin/sh
# /usr/bin/stuurwijzer: start the bundle installed in /opt/stuurwijzer.
exec /opt/stuurwijzer/stuurwijzer "$@"
