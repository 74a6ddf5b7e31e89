package envconfig

import (
	"encoding/json"
	"strconv"
)

// HealthCheckPort is "traffic-port" or a port number. `pulumi config set --path` stores a bare
// number as a number, so both 10256 and "10256" are accepted.
type HealthCheckPort string

// TrafficPort checks the port the targets receive traffic on.
const TrafficPort HealthCheckPort = "traffic-port"

// UnmarshalJSON accepts a number or a string.
func (p *HealthCheckPort) UnmarshalJSON(b []byte) error {
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		*p = HealthCheckPort(strconv.Itoa(n))
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*p = HealthCheckPort(s)
	return nil
}
