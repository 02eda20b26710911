//! What `rota init` writes: the article's policy and its organisation
//! (Fruits R Us, `models/fruits-r-us.toml`) as the three sheets, so that a
//! planner starts from a model that imports cleanly and replaces its rows.

/// The files of a starter model, by name.
pub const FILES: &[(&str, &str)] = &[
    ("policy.toml", super::policy::ARTICLE_POLICY),
    ("applications.csv", APPLICATIONS),
    ("teams.csv", TEAMS),
    ("domains.csv", DOMAINS),
];

/// One row per application; lists inside a cell are separated by `;`.
pub const APPLICATIONS: &str = "\
id,name,team,product_domains,architectural_domains,domains,technologies,target,loss_per_hour,max_loss,incidents_per_month,load,demand,min_target
product,Product,product,,storefront,,typescript,99.9%,150000,,0.2,1,high,
checkout,Checkout,checkout,,storefront,,java,99.9%,200000,,0.15,1,high,
orders,Orders,orders,fulfilment,,manchester;jvm,java,99.9%,30000,,0.4,1,high,
warehouse,Warehouse,warehouse,fulfilment,inventory-data,manchester;jvm,java,99.9%,25000,,0.3,1,high,
slots,Delivery Slots,slots,fulfilment,,manchester;jvm,kotlin,99.9%,20000,,0.3,1,high,
returns,Returns,returns,fulfilment,,manchester;jvm,kotlin,99.9%,18000,,0.2,1,high,
stock-levels,Stock Levels,stock-levels,stock,inventory-data,manchester;jvm,java,99.9%,4000,20000,0.02,1,high,
replenishment,Replenishment,replenishment,stock,inventory-data,manchester;jvm,java,99.9%,3500,20000,0.025,1,high,
suppliers,Suppliers,suppliers,stock,inventory-data,,python,99.9%,3000,20000,0.02,1,high,
forecasting,Stock Forecasting,forecasting,stock,inventory-data,,python,99.9%,3000,20000,0.015,1,high,
";

/// One row per delivery team.
pub const TEAMS: &str = "\
id,name,location,technologies
product,Product,London,typescript;node
checkout,Checkout,London,java
orders,Orders,Manchester,java
warehouse,Warehouse,Manchester,java
slots,Delivery Slots,Manchester,kotlin
returns,Returns,Manchester,kotlin
stock-levels,Stock Levels,Manchester,java
replenishment,Replenishment,Manchester,java
suppliers,Suppliers,London,python
forecasting,Forecasting,London,python
";

/// One row per domain; `parent` names a domain of the same kind.
pub const DOMAINS: &str = "\
id,kind,name,parent
fulfilment,product,Fulfilment,
stock,product,Stock,
storefront,architectural,Storefront,
inventory-data,architectural,Inventory data,
manchester,geographic,Manchester office,
jvm,technology,JVM stack,
";
