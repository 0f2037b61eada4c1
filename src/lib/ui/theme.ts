// The active theme. A district that needs another look (e.g. the berlin.de style) swaps this one
// import for its own stylesheet; components only use semantic markup plus the theme's classes.
import './theme/kern.css';
import './theme/app.css';
