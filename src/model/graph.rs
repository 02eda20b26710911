//! The organisation as a graph (petgraph): applications, teams and domains,
//! with ownership, membership and parent edges. It is the one source of the
//! organisation's structure: domain ancestry (depth, top-level domain, every
//! domain an application belongs to), the components of "could share a rota"
//! that are solved independently, and the rota nodes (team, top-level
//! domain) an application may join, which are the dedicated solver's blocks.
//!
//! Every edge points from the container to the contained (team to the
//! applications it owns, domain to the applications listing it, parent domain
//! to its children), so the graph is acyclic exactly when the parents are, and
//! a topological order lists every domain after its parent.

use petgraph::graph::{DiGraph, EdgeReference, NodeIndex};
use petgraph::visit::{EdgeRef, Topo};
use petgraph::Direction::{Incoming, Outgoing};

use crate::model::{Cover, Model};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Application(usize),
    Team(usize),
    Domain(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Team to an application it owns.
    Owns,
    /// Domain to an application that lists it in the file.
    Member,
    /// Parent domain to its child.
    Parent,
}

pub struct OrgGraph {
    pub graph: DiGraph<Node, Edge>,
    team_nodes: Vec<NodeIndex>,
    domain_nodes: Vec<NodeIndex>,
    app_nodes: Vec<NodeIndex>,
}

/// Parents that form a cycle: `domain` is the first domain (in file order)
/// that is on the cycle or below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParentCycle {
    pub domain: usize,
}

impl OrgGraph {
    /// Teams and domains with their parent edges (`parents[d]` is domain `d`'s
    /// parent), no applications yet: what the model needs to resolve ancestry
    /// before it resolves applications.
    pub fn structure(n_teams: usize, parents: &[Option<usize>]) -> OrgGraph {
        let mut graph = DiGraph::new();
        let team_nodes = (0..n_teams)
            .map(|t| graph.add_node(Node::Team(t)))
            .collect();
        let domain_nodes: Vec<NodeIndex> = (0..parents.len())
            .map(|d| graph.add_node(Node::Domain(d)))
            .collect();
        for (d, parent) in parents.iter().enumerate() {
            if let Some(p) = *parent {
                graph.add_edge(domain_nodes[p], domain_nodes[d], Edge::Parent);
            }
        }
        OrgGraph {
            graph,
            team_nodes,
            domain_nodes,
            app_nodes: Vec::new(),
        }
    }

    /// The whole organisation of a model.
    pub fn build(m: &Model) -> OrgGraph {
        let parents: Vec<Option<usize>> = m.domains.iter().map(|d| d.parent).collect();
        let mut g = OrgGraph::structure(m.teams.len(), &parents);
        g.app_nodes.reserve(m.applications.len());
        for a in &m.applications {
            g.add_application(a.team, &a.domains);
        }
        g
    }

    /// Adds the next application, owned by `team`, listing `domains`.
    fn add_application(&mut self, team: usize, domains: &[usize]) {
        let n = self.graph.add_node(Node::Application(self.app_nodes.len()));
        self.graph.add_edge(self.team_nodes[team], n, Edge::Owns);
        for &d in domains {
            self.graph.add_edge(self.domain_nodes[d], n, Edge::Member);
        }
        self.app_nodes.push(n);
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Every domain's parent, depth and top-level domain, from one
    /// topological pass over the parent edges (each domain's from its
    /// parent's, so a chain of any depth costs its length).
    pub fn ancestry(&self) -> Result<Ancestry, ParentCycle> {
        let n = self.domain_nodes.len();
        let mut parent = vec![None; n];
        let mut depth = vec![0; n];
        let mut root: Vec<Option<usize>> = vec![None; n];
        let mut topo = Topo::new(&self.graph);
        while let Some(node) = topo.next(&self.graph) {
            let Node::Domain(d) = self.graph[node] else {
                continue;
            };
            parent[d] = self.parent_of(node);
            (depth[d], root[d]) = match parent[d] {
                Some(p) => (depth[p] + 1, root[p]),
                None => (0, Some(d)),
            };
        }
        // A topological order never reaches a cycle or anything below one.
        let root = root
            .iter()
            .enumerate()
            .map(|(d, r)| r.ok_or(ParentCycle { domain: d }))
            .collect::<Result<_, _>>()?;
        Ok(Ancestry {
            parent,
            depth,
            root,
        })
    }

    /// The domain at the other end of `node`'s incoming parent edge.
    fn parent_of(&self, node: NodeIndex) -> Option<usize> {
        self.graph
            .edges_directed(node, Incoming)
            .find(|e| *e.weight() == Edge::Parent)
            .map(|e| match self.graph[e.source()] {
                Node::Domain(p) => p,
                other => unreachable!("a parent edge from {other:?}"),
            })
    }

    /// Applications that could end up on one rota, directly or through a chain
    /// of others, grouped; each group sorted, groups ordered by first member.
    ///
    /// The groups are the components of the graph over the edges that can put
    /// two applications on one rota: ownership, for applications that can
    /// take team cover; membership of a product or architectural domain, for
    /// applications that can take domain cover; and the parent edges between
    /// such domains (a parent has its child's kind, so a tree of them is one
    /// place where domain rotas may meet).
    pub fn rota_components(&self, m: &Model) -> Vec<Vec<usize>> {
        let team_cover: Vec<bool> = m
            .applications
            .iter()
            .map(|a| m.best_cost(a, Cover::TeamRota).is_some())
            .collect();
        let domain_cover: Vec<bool> = m
            .applications
            .iter()
            .map(|a| m.best_cost(a, Cover::DomainRota).is_some())
            .collect();
        let crossable = |e: EdgeReference<Edge>| match (*e.weight(), self.graph[e.target()]) {
            (Edge::Owns, Node::Application(a)) => team_cover[a],
            (Edge::Member, Node::Application(a)) => {
                domain_cover[a] && self.groups_rota(m, e.source())
            }
            (Edge::Parent, _) => self.groups_rota(m, e.target()),
            _ => false,
        };
        let starts = self.app_nodes.iter().map(|n| n.index());
        components(self.graph.node_count(), starts, |id, out| {
            let node = NodeIndex::new(id);
            let down = self.graph.edges_directed(node, Outgoing);
            let up = self.graph.edges_directed(node, Incoming);
            for e in down.filter(|&e| crossable(e)) {
                out.push(e.target().index());
            }
            for e in up.filter(|&e| crossable(e)) {
                out.push(e.source().index());
            }
        })
        .into_iter()
        .map(|ids| {
            let mut apps: Vec<usize> = ids
                .into_iter()
                .filter_map(|id| match self.graph[NodeIndex::new(id)] {
                    Node::Application(a) => Some(a),
                    _ => None,
                })
                .collect();
            apps.sort_unstable();
            apps
        })
        .collect()
    }

    /// A product or architectural domain: one a domain rota may be grouped by.
    fn groups_rota(&self, m: &Model, node: NodeIndex) -> bool {
        matches!(self.graph[node], Node::Domain(d) if m.domains[d].kind.can_group_rota())
    }

    /// The top-level domains above the product and architectural domains
    /// application `a` lists, ascending and once each: the keys of the domain
    /// rotas it may join when domain rotas are grouped by top-level domain.
    pub fn top_rota_domains(&self, m: &Model, a: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .graph
            .edges_directed(self.app_nodes[a], Incoming)
            .filter(|e| *e.weight() == Edge::Member && self.groups_rota(m, e.source()))
            .filter_map(|e| match self.graph[e.source()] {
                Node::Domain(d) => Some(m.domains[d].root),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Each domain's place in the forest of parent edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ancestry {
    parent: Vec<Option<usize>>,
    depth: Vec<usize>,
    root: Vec<usize>,
}

impl Ancestry {
    /// How many ancestors domain `d` has.
    pub fn depth(&self, d: usize) -> usize {
        self.depth[d]
    }

    /// Domain `d`'s top-level ancestor (itself when it has no parent).
    pub fn root(&self, d: usize) -> usize {
        self.root[d]
    }

    /// Membership closures, one application at a time.
    pub fn memberships(&self) -> Memberships<'_> {
        Memberships {
            ancestry: self,
            seen: vec![false; self.parent.len()],
        }
    }
}

/// Every domain an application belongs to, ancestors included; reuses one
/// set of marks so that each closure costs its own size.
pub struct Memberships<'a> {
    ancestry: &'a Ancestry,
    seen: Vec<bool>,
}

impl Memberships<'_> {
    /// The domains listed and all their ancestors, sorted, once each.
    pub fn of(&mut self, listed: &[usize]) -> Vec<usize> {
        let mut out = Vec::new();
        for &d in listed {
            // Above a domain already taken, every ancestor is taken too.
            let mut cur = Some(d);
            while let Some(c) = cur.filter(|&c| !self.seen[c]) {
                self.seen[c] = true;
                out.push(c);
                cur = self.ancestry.parent[c];
            }
        }
        for &d in &out {
            self.seen[d] = false;
        }
        out.sort_unstable();
        out
    }
}

/// Connected components by depth-first search over ids `0..n`: from each of
/// `starts` not reached yet, in order, every id reachable through
/// `neighbours(id, out)` (which pushes the ids joined to `id`), ascending.
pub fn components(
    n: usize,
    starts: impl IntoIterator<Item = usize>,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> Vec<Vec<usize>> {
    let mut reached = vec![false; n];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    let mut next = Vec::new();
    for start in starts {
        if reached[start] {
            continue;
        }
        reached[start] = true;
        stack.push(start);
        let mut component = Vec::new();
        while let Some(id) = stack.pop() {
            component.push(id);
            next.clear();
            neighbours(id, &mut next);
            for &j in &next {
                if !reached[j] {
                    reached[j] = true;
                    stack.push(j);
                }
            }
        }
        component.sort_unstable();
        out.push(component);
    }
    out
}

/// Components of `0..n` under the symmetric relation `linked`, by trying
/// every pair: each sorted, in order of their first member.
#[cfg(test)]
pub(crate) fn brute_force_reach(
    n: usize,
    linked: impl Fn(usize, usize) -> bool,
) -> Vec<Vec<usize>> {
    let mut component = vec![usize::MAX; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if component[start] != usize::MAX {
            continue;
        }
        let k = out.len();
        component[start] = k;
        let mut frontier = vec![start];
        while let Some(i) = frontier.pop() {
            for (j, c) in component.iter_mut().enumerate() {
                if *c == usize::MAX && linked(i, j) {
                    *c = k;
                    frontier.push(j);
                }
            }
        }
        out.push((0..n).filter(|&a| component[a] == k).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cover, Model};
    use crate::scenario::format::Scenario;
    use rand::{Rng, SeedableRng};

    fn scenario(domains: &str, apps: &str) -> Scenario {
        let text = format!(
            "name = \"m\"\n[policy]\nmax_rota_load = 6\n[support.team_rota]\nstandby_per_month = 3000\nttr_minutes = 20\n\
             [[targets]]\nname = \"99.9%\"\navailability = 0.999\nmin_revenue_loss = 100000\nsupport = \"domain_rota\"\n\
             [[teams]]\nid = \"t\"\n{domains}{apps}"
        );
        toml::from_str(&text)
            .map_err(|e| e.message().to_string())
            .expect("test scenario parses")
    }

    /// A chain of 20,000 parents resolves in time linear in its length (run it
    /// to see: a quadratic walk per domain takes minutes).
    #[test]
    fn a_deep_chain_of_parents_resolves_in_one_pass() {
        let n = 20_000;
        let mut domains = String::new();
        for d in 0..n {
            domains += &format!("[[domains]]\nid = \"d{d}\"\nkind = \"product\"\n");
            if d > 0 {
                domains += &format!("parent = \"d{}\"\n", d - 1);
            }
        }
        let apps = format!(
            "[[applications]]\nid = \"deep\"\nteam = \"t\"\nincidents_per_month = 1\nloss_per_hour = 1\ndomains = [\"d{}\", \"d{}\"]\n",
            n - 1,
            n / 2
        );
        let m = Model::build(&scenario(&domains, &apps)).expect("a chain resolves");
        for (d, dom) in m.domains.iter().enumerate() {
            assert_eq!((dom.depth, dom.root), (d, 0));
        }
        let all: Vec<usize> = (0..n).collect();
        assert_eq!(m.applications[0].member_of, all);
        assert_eq!(m.finest_common_domain(&[0]), Some(n - 1));
    }

    #[test]
    fn parent_cycles_are_an_error_not_a_hang() {
        let dom = |id: &str, parent: &str| {
            format!("[[domains]]\nid = \"{id}\"\nkind = \"product\"\nparent = \"{parent}\"\n")
        };
        let top = "[[domains]]\nid = \"top\"\nkind = \"product\"\n";
        let two = format!(
            "{top}{}{}{}",
            dom("below", "a"),
            dom("a", "b"),
            dom("b", "a")
        );
        let err = Model::build(&scenario(&two, "")).unwrap_err();
        assert_eq!(err, "domain \"below\" is its own ancestor");
        let own = format!("{top}{}", dom("self", "self"));
        let err = Model::build(&scenario(&own, "")).unwrap_err();
        assert_eq!(err, "domain \"self\" is its own ancestor");
    }

    /// Components against the definition: two applications are linked when
    /// both can take team cover from one team, or both can take domain cover
    /// and share a product or architectural domain (ancestors included); the
    /// components are what links reach, found here by brute force.
    #[test]
    fn rota_components_match_brute_force_reachability() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(9);
        let (mut several, mut shared) = (0, 0);
        for seed in 0..40 {
            let apps = rng.gen_range(4..40);
            let mut m = Model::build(&crate::generate::generate(apps, seed)).unwrap();
            for a in &mut m.applications {
                match rng.gen_range(0..6) {
                    0 => a.forbidden_covers.push(Cover::TeamRota),
                    1 => a.forbidden_covers.push(Cover::DomainRota),
                    _ => {}
                }
            }
            let components = OrgGraph::build(&m).rota_components(&m);
            assert_eq!(components, brute_force_components(&m), "seed {seed}");
            several += usize::from(components.len() > 1);
            shared += usize::from(components.iter().any(|c| c.len() > 1));
        }
        assert!(several > 0 && shared > 0, "the models exercise too little");
    }

    fn brute_force_components(m: &Model) -> Vec<Vec<usize>> {
        let covers = |a: usize, c: Cover| m.best_cost(&m.applications[a], c).is_some();
        brute_force_reach(m.applications.len(), |i, j| {
            let (x, y) = (&m.applications[i], &m.applications[j]);
            let team = covers(i, Cover::TeamRota) && covers(j, Cover::TeamRota) && x.team == y.team;
            let domain = covers(i, Cover::DomainRota)
                && covers(j, Cover::DomainRota)
                && m.rota_domains(x).any(|d| y.member_of.contains(&d));
            team || domain
        })
    }
}
