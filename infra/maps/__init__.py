"""Maps drawn on the server as SVG, knowing no domain: the world's territories (Natural Earth
through npm's `world-atlas`, the French overseas departments apart) and how to fill them."""
