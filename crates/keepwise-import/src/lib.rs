//! Canonical import (being written).
