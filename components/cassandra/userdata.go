package cassandra

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

// Where cloud-init puts this component's settings on a node. The bootstrap script merges the
// cassandra.yaml fragment into the package's cassandra.yaml and installs the rack file.
const (
	FragmentPath  = "/etc/platform/cassandra/cassandra.yaml"
	RackDCPath    = "/etc/platform/cassandra/cassandra-rackdc.properties"
	bootstrapPath = "/usr/local/sbin/cassandra-bootstrap"
	servicePath   = "/etc/systemd/system/cassandra.service"
	sysctlPath    = "/etc/sysctl.d/60-cassandra.conf"
	// dataDir is where the data volume is mounted; every Cassandra directory lives below it.
	dataDir = "/var/lib/cassandra"
	// maxUserDataBytes is EC2's limit on user data before base64 encoding.
	maxUserDataBytes = 16 * 1024
)

var (
	//go:embed templates/bootstrap.sh.tmpl
	bootstrapSource string
	//go:embed templates/cassandra.service.tmpl
	serviceSource string
	//go:embed templates/sysctl.conf
	sysctlConf string

	bootstrapTemplate = template.Must(template.New("bootstrap").Option("missingkey=error").Parse(bootstrapSource))
	serviceTemplate   = template.Must(template.New("service").Option("missingkey=error").Parse(serviceSource))
)

// nodeSettings is everything one node's user data is rendered from.
type nodeSettings struct {
	Node              int
	Version           string // 5.0
	Series            string // 50x, the Apache repository's distribution
	ClusterName       string
	Datacenter        string
	Rack              string
	NumTokens         int
	ReplicationFactor int
	Seeds             []string
	Address           string // the node's network interface address
	VolumeID          string
	Device            string
	DataDir           string
	FragmentPath      string
	RackDCPath        string
}

// cassandraYAML is the part of cassandra.yaml this component owns; the rest keeps the package's
// defaults. Marshalled, never templated, so it is always a valid YAML document.
type cassandraYAML struct {
	ClusterName              string         `yaml:"cluster_name"`
	NumTokens                int            `yaml:"num_tokens"`
	AllocateTokensForLocalRF int            `yaml:"allocate_tokens_for_local_replication_factor"`
	SeedProvider             []seedProvider `yaml:"seed_provider"`
	ListenAddress            string         `yaml:"listen_address"`
	RPCAddress               string         `yaml:"rpc_address"`
	EndpointSnitch           string         `yaml:"endpoint_snitch"`
	DataFileDirectories      []string       `yaml:"data_file_directories"`
	CommitlogDirectory       string         `yaml:"commitlog_directory"`
	HintsDirectory           string         `yaml:"hints_directory"`
	SavedCachesDirectory     string         `yaml:"saved_caches_directory"`
	Authenticator            string         `yaml:"authenticator"`
	Authorizer               string         `yaml:"authorizer"`
}

type seedProvider struct {
	ClassName  string              `yaml:"class_name"`
	Parameters []map[string]string `yaml:"parameters"`
}

// cloudConfig is the text/cloud-config document of a node.
type cloudConfig struct {
	WriteFiles []cloudFile `yaml:"write_files"`
	RunCmd     []string    `yaml:"runcmd"`
}

type cloudFile struct {
	Path        string `yaml:"path"`
	Permissions string `yaml:"permissions"`
	Content     string `yaml:"content"`
}

// userData renders the node's cloud-config once the seed addresses, the node's address and its
// data volume id are known.
func (r *ring) userData(n node, version string, address pulumi.StringOutput, volumeID pulumi.IDOutput) pulumi.StringOutput {
	return pulumi.All(r.seeds, address, volumeID).ApplyT(func(v []any) (string, error) {
		shape, err := r.userDataShape.get(r.args, version, v[0].([]string))
		if err != nil {
			return "", err
		}
		return shape.forNode(n, v[1].(string), string(v[2].(pulumi.ID)))
	}).(pulumi.StringOutput)
}

// settings are a node's render settings, for the Cassandra series it runs.
func (a Args) settings(version string, n node, seeds []string, address, volumeID string) nodeSettings {
	return nodeSettings{
		Node:              n.Index,
		Version:           version,
		Series:            releaseSeries[version],
		ClusterName:       a.ClusterName,
		Datacenter:        a.Datacenter,
		Rack:              n.Rack,
		NumTokens:         a.NumTokens,
		ReplicationFactor: a.ReplicationFactor,
		Seeds:             seeds,
		Address:           address,
		VolumeID:          volumeID,
		Device:            dataDevice,
		DataDir:           dataDir,
		FragmentPath:      FragmentPath,
		RackDCPath:        RackDCPath,
	}
}

// Stand-ins for what differs from node to node. They render as the real values do (plain YAML
// scalars, template text), so replacing them yields exactly what renderUserData gives.
const (
	nodeSentinel    = 987654321
	rackSentinel    = "rack-stand-in"
	addressSentinel = "address-stand-in"
	volumeSentinel  = "volume-stand-in"
)

// shape is a ring's user data rendered once with stand-ins: rendering YAML and templates for each
// of 1000 nodes was an eighth of a large plan's time.
type shape struct {
	text  []string // the document cut at each stand-in: one more piece than holes
	holes []int    // which stand-in each cut was: an index into standIns
}

// standIns are the stand-ins in the order forNode fills them.
var standIns = [...]string{strconv.Itoa(nodeSentinel), rackSentinel, addressSentinel, volumeSentinel}

// cut splits doc at every stand-in once, so that each node's user data is a concatenation
// rather than a search of the whole document.
func cut(doc string) shape {
	var s shape
	for {
		at, which := -1, -1
		for i, standIn := range standIns {
			if j := strings.Index(doc, standIn); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if at < 0 {
			s.text = append(s.text, doc)
			return s
		}
		s.text = append(s.text, doc[:at])
		s.holes = append(s.holes, which)
		doc = doc[at+len(standIns[which]):]
	}
}

// shapeCache holds a shape per Cassandra series for the current seeds (every node sees the same
// seeds; a rollout runs two series).
type shapeCache struct {
	mu     sync.Mutex
	seeds  string
	shapes map[string]shape
}

func (c *shapeCache) get(a Args, version string, seeds []string) (shape, error) {
	key := strings.Join(seeds, ",")
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seeds != key || c.shapes == nil {
		c.seeds, c.shapes = key, map[string]shape{}
	}
	if s, ok := c.shapes[version]; ok {
		return s, nil
	}
	stand := a.settings(version, node{Index: nodeSentinel, Rack: rackSentinel}, seeds, addressSentinel, volumeSentinel)
	doc, err := renderUserData(stand)
	if err != nil {
		return shape{}, err
	}
	c.shapes[version] = cut(doc)
	return c.shapes[version], nil
}

func (s shape) forNode(n node, address, volumeID string) (string, error) {
	values := [len(standIns)]string{strconv.Itoa(n.Index), n.Rack, address, volumeID}
	size := 0
	for _, t := range s.text {
		size += len(t)
	}
	for _, h := range s.holes {
		size += len(values[h])
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(s.text[0])
	for i, h := range s.holes {
		b.WriteString(values[h])
		b.WriteString(s.text[i+1])
	}
	userData := b.String()
	if len(userData) > maxUserDataBytes {
		return "", fmt.Errorf("cassandra node %d: user data is %d bytes, EC2 allows %d", n.Index, len(userData), maxUserDataBytes)
	}
	return userData, nil
}

func renderUserData(s nodeSettings) (string, error) {
	fragment, err := yaml.Marshal(cassandraYAML{
		ClusterName:              s.ClusterName,
		NumTokens:                s.NumTokens,
		AllocateTokensForLocalRF: s.ReplicationFactor,
		SeedProvider: []seedProvider{{
			ClassName:  "org.apache.cassandra.locator.SimpleSeedProvider",
			Parameters: []map[string]string{{"seeds": strings.Join(s.Seeds, ",")}},
		}},
		ListenAddress:        s.Address,
		RPCAddress:           s.Address,
		EndpointSnitch:       "GossipingPropertyFileSnitch", // reads dc and rack from cassandra-rackdc.properties
		DataFileDirectories:  []string{s.DataDir + "/data"},
		CommitlogDirectory:   s.DataDir + "/commitlog",
		HintsDirectory:       s.DataDir + "/hints",
		SavedCachesDirectory: s.DataDir + "/saved_caches",
		Authenticator:        "PasswordAuthenticator",
		Authorizer:           "CassandraAuthorizer",
	})
	if err != nil {
		return "", err
	}
	var bootstrap, service strings.Builder
	if err := bootstrapTemplate.Execute(&bootstrap, s); err != nil {
		return "", err
	}
	if err := serviceTemplate.Execute(&service, s); err != nil {
		return "", err
	}
	doc, err := yaml.Marshal(cloudConfig{
		WriteFiles: []cloudFile{
			{Path: s.FragmentPath, Permissions: "0644", Content: string(fragment)},
			{Path: s.RackDCPath, Permissions: "0644", Content: fmt.Sprintf("dc=%s\nrack=%s\n", s.Datacenter, s.Rack)},
			{Path: servicePath, Permissions: "0644", Content: service.String()},
			{Path: sysctlPath, Permissions: "0644", Content: sysctlConf},
			{Path: bootstrapPath, Permissions: "0755", Content: bootstrap.String()},
		},
		RunCmd: []string{bootstrapPath},
	})
	if err != nil {
		return "", err
	}
	userData := "#cloud-config\n" + string(doc)
	if len(userData) > maxUserDataBytes {
		return "", fmt.Errorf("cassandra node %d: user data is %d bytes, EC2 allows %d", s.Node, len(userData), maxUserDataBytes)
	}
	return userData, nil
}
