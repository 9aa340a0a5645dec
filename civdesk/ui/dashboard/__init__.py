"""The dashboard (首页) screen: where every site stands, my work, next steps, the score chart and
the hub's organisation figures."""
